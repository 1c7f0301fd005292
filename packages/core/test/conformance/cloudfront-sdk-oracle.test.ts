import { generateKeyPairSync, verify } from 'node:crypto';
import { getSignedCookies, getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { expect } from 'chai';
import fc from 'fast-check';
import { fromAwsBase64 } from '../../src/cloudfront/aws-base64.js';
import { createCloudFrontSigner } from '../../src/cloudfront/create-signer.js';
import type { CloudFrontPolicy, HashAlgorithm } from '../../src/cloudfront/types.js';

// @aws-sdk/cloudfront-signer is the oracle (dev dependency only): for every generated input where the SDK is
// correct, our URLs and cookies must be byte-identical to its output. The places where we deliberately differ
// are pinned at the end of this file, each with the SDK's behaviour, and listed in docs/cloudfront-signing.md.

const NOW_S = 1_750_000_000;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const ecPem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const KEY_PAIR_ID = 'K2JCJMDEHXQW5F';

const signers = {
  SHA1: createCloudFrontSigner({ keyPairId: KEY_PAIR_ID, privateKey: rsaPem, hashAlgorithm: 'SHA1', now: () => NOW_S * 1000 }),
  SHA256: createCloudFrontSigner({ keyPairId: KEY_PAIR_ID, privateKey: rsaPem, hashAlgorithm: 'SHA256', now: () => NOW_S * 1000 }),
};
const ecdsaSigner = createCloudFrontSigner({ keyPairId: KEY_PAIR_ID, privateKey: ecPem, now: () => NOW_S * 1000 });

// Already-encoded URLs in the form the SDK leaves unchanged (its path re-encoding is a fixed point on them).
const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 });
const segment = text.map((value) => encodeURIComponent(value)).filter((value) => value !== '.' && value !== '..');
const queryPart = fc.string({ unit: 'grapheme-ascii', maxLength: 8 }).map((value) => encodeURIComponent(value).replace(/'/g, '%27'));
const queryPair = fc.tuple(queryPart, queryPart)
  .filter(([name]) => name.length > 0 && !/^(expires|policy|signature|key-pair-id|hash-algorithm)$/i.test(name))
  .map(([name, value]) => `${name}=${value}`);
const host = fc.constantFrom('d111111abcdef8.cloudfront.net', 'media.example.com', 'cdn.example.org:8443');
const url = fc.record({
  scheme: fc.constantFrom('https', 'http'),
  host,
  path: fc.array(segment, { minLength: 1, maxLength: 4 }),
  query: fc.array(queryPair, { maxLength: 3 }),
}).map(({ scheme, host: name, path, query }) => `${scheme}://${name}/${path.join('/')}${query.length > 0 ? `?${query.join('&')}` : ''}`);

const expiry = fc.integer({ min: NOW_S + 1, max: 2 ** 31 - 1 });
const cidr = fc.tuple(fc.ipV4(), fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined }))
  .map(([address, mask]) => (mask === undefined ? address : `${address}/${mask}`));
const hash = fc.constantFrom<HashAlgorithm>('SHA1', 'SHA256');

interface Generated { url: string; expires: number; start: number | undefined; ip: string | undefined; hash: HashAlgorithm }
const generated = fc.record({ url, expires: expiry, start: fc.option(fc.integer({ min: 1, max: NOW_S }), { nil: undefined }), ip: fc.option(cidr, { nil: undefined }), hash });

function ourPolicy(input: Generated): CloudFrontPolicy {
  const policy: CloudFrontPolicy = { dateLessThan: new Date(input.expires * 1000) };
  if (input.start !== undefined) policy.dateGreaterThan = new Date(input.start * 1000);
  if (input.ip !== undefined) policy.ipAddress = input.ip;
  return policy;
}

function sdkArgs(input: Generated, privateKey = rsaPem) {
  return {
    url: input.url,
    keyPairId: KEY_PAIR_ID,
    privateKey,
    dateLessThan: new Date(input.expires * 1000).toISOString(),
    ...(input.start === undefined ? {} : { dateGreaterThan: new Date(input.start * 1000).toISOString() }),
    ...(input.ip === undefined ? {} : { ipAddress: input.ip }),
    algorithm: input.hash,
  };
}

const RUNS = { numRuns: 150 };

describe('CloudFront signer vs @aws-sdk/cloudfront-signer (oracle)', () => {
  it('signed URLs are byte-identical (canned and custom, SHA-1 and SHA-256)', () => {
    fc.assert(fc.property(generated, (input) => {
      expect(signers[input.hash].signUrl(input.url, ourPolicy(input))).to.equal(getSignedUrl(sdkArgs(input)));
    }), RUNS);
  });

  it('signed cookies are identical (canned and custom, SHA-1 and SHA-256)', () => {
    // Wildcard resources are difference 5; cookie values are strings (difference 7: the SDK returns Expires as a number).
    fc.assert(fc.property(generated.filter((input) => !input.url.includes('*')), (input) => {
      const sdk = Object.fromEntries(Object.entries(getSignedCookies(sdkArgs(input))).map(([name, value]) => [name, String(value)]));
      expect(signers[input.hash].signCookies(input.url, ourPolicy(input)).values).to.deep.equal(sdk);
    }), RUNS);
  });

  it('a wildcard policy resource applied to a URL matches the SDK called with the same policy', () => {
    fc.assert(fc.property(generated, fc.integer({ min: 1, max: 30 }), (input, cut) => {
      const resource = `${input.url.slice(0, Math.min(cut, input.url.length - 1) + 8)}*`;
      const policy = { Statement: [{ Resource: resource, Condition: { DateLessThan: { 'AWS:EpochTime': input.expires } } }] };
      const sdk = getSignedUrl({ url: input.url, keyPairId: KEY_PAIR_ID, privateKey: rsaPem, policy: JSON.stringify(policy), algorithm: input.hash });
      expect(signers[input.hash].signUrl(input.url, { dateLessThan: new Date(input.expires * 1000), resource })).to.equal(sdk);
    }), RUNS);
  });

  it('ECDSA P-256: same parameters as the SDK, and both signatures verify over the same policy', () => {
    fc.assert(fc.property(generated, (input) => {
      const ours = new URL(ecdsaSigner.signUrl(input.url, ourPolicy(input)));
      const sdk = new URL(getSignedUrl({ ...sdkArgs(input, ecPem), algorithm: 'SHA256' }));
      const policyJson = ours.searchParams.has('Policy')
        ? fromAwsBase64(ours.searchParams.get('Policy')!)!
        : Buffer.from(`{"Statement":[{"Resource":"${input.url}","Condition":{"DateLessThan":{"AWS:EpochTime":${input.expires}}}}]}`);
      for (const name of ['Expires', 'Policy', 'Key-Pair-Id', 'Hash-Algorithm']) expect(ours.searchParams.get(name)).to.equal(sdk.searchParams.get(name));
      for (const signed of [ours, sdk]) {
        expect(verify('sha256', policyJson, ec.publicKey, fromAwsBase64(signed.searchParams.get('Signature')!)!)).to.equal(true);
      }
    }), { numRuns: 40 });
  });

  describe('deliberate differences (each is documented in docs/cloudfront-signing.md)', () => {
    const expires = NOW_S + 3600;
    const sdkBase = { keyPairId: KEY_PAIR_ID, privateKey: rsaPem, dateLessThan: new Date(expires * 1000).toISOString() };

    it('1. default hash: SHA-256 for RSA (the SDK defaults to SHA-1)', () => {
      const ours = createCloudFrontSigner({ keyPairId: KEY_PAIR_ID, privateKey: rsaPem, now: () => NOW_S * 1000 });
      expect(ours.hashAlgorithm).to.equal('SHA256');
      expect(ours.signUrl('https://d.example/a.jpg', { expiresIn: 3600 })).to.contain('&Hash-Algorithm=SHA256');
      expect(getSignedUrl({ ...sdkBase, url: 'https://d.example/a.jpg' })).not.to.contain('Hash-Algorithm');
    });

    it('2. the URL is signed exactly as given; the SDK re-encodes the path (decodes %21 to !)', () => {
      const given = 'https://d.example/report%21%28final%29.pdf';
      expect(signers.SHA1.signUrl(given, { dateLessThan: new Date(expires * 1000) })).to.match(/^https:\/\/d\.example\/report%21%28final%29\.pdf\?/);
      expect(getSignedUrl({ ...sdkBase, url: given })).to.match(/^https:\/\/d\.example\/report!\(final\)\.pdf\?/);
    });

    it('3. unencoded spaces, non-ASCII, fragments and non-http schemes are refused (the SDK encodes or passes them)', () => {
      for (const bad of ['https://d.example/a b.jpg', 'https://d.example/é.jpg', 'https://d.example/a.jpg#top', 'rtmp://s.example/cfx/st/video']) {
        expect(() => signers.SHA1.signUrl(bad, { dateLessThan: new Date(expires * 1000) }), bad).to.throw().with.property('code', 'ERR_ACCEL_INVALID_INPUT');
      }
      expect(getSignedUrl({ ...sdkBase, url: 'https://d.example/a b.jpg' })).to.contain('/a%20b.jpg?');
    });

    it('4. sub-second times round to the safe side (expiry down, start up); the SDK rounds to nearest', () => {
      const dateLessThan = new Date(expires * 1000 + 700);
      expect(signers.SHA1.signUrl('https://d.example/a', { dateLessThan })).to.contain(`Expires=${expires}&`);
      expect(getSignedUrl({ ...sdkBase, url: 'https://d.example/a', dateLessThan: dateLessThan.toISOString() })).to.contain(`Expires=${expires + 1}&`);
    });

    it('5. cookies for a wildcard resource use a custom policy (the SDK signs a canned policy CloudFront cannot match)', () => {
      const resource = 'https://d.example/videos/*';
      expect(signers.SHA1.signCookies(resource, { dateLessThan: new Date(expires * 1000) }).values).to.have.property('CloudFront-Policy');
      expect(getSignedCookies({ ...sdkBase, url: resource })).to.have.property('CloudFront-Expires');
    });

    it('6. ECDSA with SHA-1, IPv6, malformed CIDRs, quotes and past expiries are refused (the SDK signs them)', () => {
      expect(() => createCloudFrontSigner({ keyPairId: KEY_PAIR_ID, privateKey: ecPem, hashAlgorithm: 'SHA1' })).to.throw(/SHA256/);
      expect(getSignedUrl({ ...sdkBase, privateKey: ecPem, url: 'https://d.example/a', algorithm: 'SHA1' })).to.contain('Signature=');
      expect(() => signers.SHA1.signUrl('https://d.example/a', { dateLessThan: new Date(expires * 1000), ipAddress: '010.0.0.1/8' })).to.throw(/IPv4/);
      expect(getSignedUrl({ ...sdkBase, url: 'https://d.example/a', ipAddress: '010.0.0.1/8' })).to.contain('Policy=');
      expect(() => signers.SHA1.signUrl('https://d.example/a', { dateLessThan: new Date((NOW_S - 1) * 1000) })).to.throw(/already past/);
      expect(getSignedUrl({ ...sdkBase, url: 'https://d.example/a', dateLessThan: new Date((NOW_S - 1) * 1000).toISOString() })).to.contain('Expires=');
    });

    it('7. every cookie value is a string (the SDK returns CloudFront-Expires as a number)', () => {
      expect(signers.SHA1.signCookies('https://d.example/a', { dateLessThan: new Date(expires * 1000) }).values['CloudFront-Expires']).to.equal(String(expires));
      expect(getSignedCookies({ ...sdkBase, url: 'https://d.example/a' })['CloudFront-Expires']).to.equal(expires);
    });
  });
});
