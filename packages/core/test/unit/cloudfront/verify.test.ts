import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { getSignedCookies, getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { expect } from 'chai';
import fc from 'fast-check';
import { toAwsBase64 } from '../../../src/cloudfront/aws-base64.js';
import { createCloudFrontSigner } from '../../../src/cloudfront/create-signer.js';
import { verifyCloudFrontCookies, verifyCloudFrontUrl } from '../../../src/cloudfront/verify.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaSigner = createCloudFrontSigner({ keyPairId: 'KRSA', privateKey: rsa.privateKey, hashAlgorithm: 'SHA1', now: () => NOW });
const rsa256Signer = createCloudFrontSigner({ keyPairId: 'KRSA', privateKey: rsa.privateKey, now: () => NOW });
const ecSigner = createCloudFrontSigner({ keyPairId: 'KEC', privateKey: ec.privateKey, now: () => NOW });
const publicKeys = { KRSA: rsa.publicKey, KEC: ec.publicKey.export({ type: 'spki', format: 'pem' }) as string };
const at = (ms: number, clientIp?: string) => ({ publicKeys, now: () => ms, ...(clientIp === undefined ? {} : { clientIp }) });

/** Signs any policy JSON by hand, to test what the signer itself would never produce. */
function handSigned(policy: string, url = 'https://d.example/a'): string {
  return `${url}?Policy=${toAwsBase64(Buffer.from(policy))}&Signature=${toAwsBase64(cryptoSign('sha1', Buffer.from(policy), rsa.privateKey))}&Key-Pair-Id=KRSA`;
}

describe('verifyCloudFrontUrl', () => {
  it('accepts what each signer signs: canned, custom, SHA-1, SHA-256, ECDSA', () => {
    for (const signer of [rsaSigner, rsa256Signer, ecSigner]) {
      const canned = signer.signUrl('https://d.example/a.jpg?size=large', { expiresIn: 60 });
      expect(verifyCloudFrontUrl(canned, at(NOW))).to.deep.include({ ok: true, keyPairId: signer.keyPairId, policyType: 'canned', hashAlgorithm: signer.hashAlgorithm });
      const custom = signer.signUrl('https://d.example/videos/1/a.ts', { expiresIn: 60, resource: 'https://d.example/videos/*', ipAddress: '10.0.0.0/8' });
      expect(verifyCloudFrontUrl(custom, at(NOW, '10.2.3.4'))).to.deep.include({ ok: true, policyType: 'custom' });
    }
  });

  it('accepts ECDSA over SHA-1, as @aws-sdk/cloudfront-signer signs EC keys when no hash is given, and CloudFront verifies them', () => {
    const ecPem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const dateLessThan = new Date(NOW + 60_000).toISOString();
    const url = getSignedUrl({ url: 'https://d.example/a.jpg', keyPairId: 'KEC', privateKey: ecPem, dateLessThan });
    expect(url).not.to.contain('Hash-Algorithm');
    expect(verifyCloudFrontUrl(url, at(NOW))).to.deep.include({ ok: true, keyPairId: 'KEC', hashAlgorithm: 'SHA1' });
    expect(verifyCloudFrontUrl(`${url}&Hash-Algorithm=SHA256`, at(NOW))).to.include({ ok: false, reason: 'bad-signature' });
    const cookies = getSignedCookies({ url: 'https://d.example/videos/*', keyPairId: 'KEC', privateKey: ecPem, policy: JSON.stringify({ Statement: [{ Resource: 'https://d.example/videos/*', Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(NOW / 1000) + 60 } } }] }) });
    const jar = Object.fromEntries(Object.entries(cookies).map(([name, value]) => [name, String(value)]));
    expect(verifyCloudFrontCookies('https://d.example/videos/1.ts', jar, at(NOW))).to.deep.include({ ok: true, hashAlgorithm: 'SHA1' });
  });

  it('a custom wildcard signature applies to every URL it covers, and only those', () => {
    const signed = rsaSigner.signUrl('https://d.example/videos/42/index.m3u8', { expiresIn: 60, resource: 'https://d.example/videos/42/*' });
    const query = signed.slice(signed.indexOf('?'));
    expect(verifyCloudFrontUrl(`https://d.example/videos/42/seg-001.ts${query}`, at(NOW)).ok).to.equal(true);
    expect(verifyCloudFrontUrl(`https://d.example/videos/43/seg-001.ts${query}`, at(NOW))).to.include({ reason: 'resource-mismatch' });
  });

  it('reports expired, not-yet-valid and ip-mismatch by the injected clock and client IP', () => {
    const signed = rsaSigner.signUrl('https://d.example/a', { expiresIn: 60, dateGreaterThan: new Date(NOW + 10_000), ipAddress: '192.0.2.0/24' });
    expect(verifyCloudFrontUrl(signed, at(NOW + 10_000, '192.0.2.9')).ok).to.equal(true);
    expect(verifyCloudFrontUrl(signed, at(NOW + 60_000, '192.0.2.9'))).to.include({ reason: 'expired' });
    expect(verifyCloudFrontUrl(signed, at(NOW + 9_999, '192.0.2.9'))).to.include({ reason: 'not-yet-valid' });
    expect(verifyCloudFrontUrl(signed, at(NOW + 10_000, '192.0.3.9'))).to.include({ reason: 'ip-mismatch' });
    expect(verifyCloudFrontUrl(signed, at(NOW + 10_000))).to.include({ reason: 'ip-mismatch' });
  });

  it('a canned URL is bound to its exact resource: another path or query is a bad signature', () => {
    const signed = rsaSigner.signUrl('https://d.example/a.jpg?size=large', { expiresIn: 60 });
    expect(verifyCloudFrontUrl(signed.replace('size=large', 'size=small'), at(NOW))).to.include({ reason: 'bad-signature' });
    expect(verifyCloudFrontUrl(signed.replace('/a.jpg', '/b.jpg'), at(NOW))).to.include({ reason: 'bad-signature' });
  });

  it('reports missing parameters, unknown keys, bad encodings and hash algorithms', () => {
    const signed = rsa256Signer.signUrl('https://d.example/a', { expiresIn: 60 });
    expect(verifyCloudFrontUrl('https://d.example/a', at(NOW))).to.include({ reason: 'missing-parameters' });
    expect(verifyCloudFrontUrl(signed.replace(/&Signature=[^&]+/, ''), at(NOW))).to.include({ reason: 'missing-parameters' });
    expect(verifyCloudFrontUrl(signed.replace('KRSA', 'KNOPE'), at(NOW))).to.include({ reason: 'unknown-key' });
    expect(verifyCloudFrontUrl(signed.replace('SHA256', 'MD5'), at(NOW))).to.include({ reason: 'unsupported-hash-algorithm' });
    expect(verifyCloudFrontUrl(signed.replace('&Hash-Algorithm=SHA256', ''), at(NOW))).to.include({ reason: 'bad-signature' });
    expect(verifyCloudFrontUrl(`${signed}&Expires=1`, at(NOW))).to.include({ reason: 'malformed-policy' });
    expect(verifyCloudFrontUrl(signed.replace('Expires=', 'Expires=x'), at(NOW))).to.include({ reason: 'malformed-policy' });
  });

  it('SECURITY: a repeated signing parameter is refused, not resolved either way', () => {
    const signed = rsaSigner.signUrl('https://d.example/a', { expiresIn: 60 });
    const signature = /Signature=([^&]+)/.exec(signed)![1];
    expect(verifyCloudFrontUrl(`${signed}&Signature=${signature}`, at(NOW))).to.include({ reason: 'malformed-policy' });
  });

  it('SECURITY: a signature from another key is refused', () => {
    const forged = createCloudFrontSigner({ keyPairId: 'KRSA', privateKey: other.privateKey, now: () => NOW }).signUrl('https://d.example/a', { expiresIn: 60 });
    expect(verifyCloudFrontUrl(forged, at(NOW))).to.include({ reason: 'bad-signature' });
  });

  it('SECURITY: signed policies CloudFront would refuse are malformed: two statements, unknown conditions, no expiry', () => {
    const condition = '{"DateLessThan":{"AWS:EpochTime":1767290400}}';
    const twoStatements = `{"Statement":[{"Resource":"https://d.example/a","Condition":${condition}},{"Resource":"*","Condition":${condition}}]}`;
    expect(verifyCloudFrontUrl(handSigned(twoStatements), at(NOW))).to.include({ reason: 'malformed-policy' });
    const extra = '{"Statement":[{"Resource":"https://d.example/a","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400},"StringLike":{"x":"y"}}}]}';
    expect(verifyCloudFrontUrl(handSigned(extra), at(NOW))).to.include({ reason: 'malformed-policy' });
    expect(verifyCloudFrontUrl(handSigned('{"Statement":[{"Resource":"https://d.example/a","Condition":{}}]}'), at(NOW))).to.include({ reason: 'malformed-policy' });
    expect(verifyCloudFrontUrl(handSigned('not json'), at(NOW))).to.include({ reason: 'malformed-policy' });
  });

  it('a policy without Resource applies to every URL, as in CloudFront', () => {
    const policy = '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}';
    expect(verifyCloudFrontUrl(handSigned(policy, 'https://d.example/anything'), at(NOW)).ok).to.equal(true);
  });

  it('round trip: any single-character change to a signed URL is refused', () => {
    const url = rsa256Signer.signUrl('https://d.example/v/a.ts?q=1', { expiresIn: 60, ipAddress: '10.0.0.0/8', resource: 'https://d.example/v/*' });
    const canned = rsa256Signer.signUrl('https://d.example/v/a.ts?q=1', { expiresIn: 60 });
    const replacement = fc.constantFrom(...'abcXYZ019-_~.%&=?/');
    fc.assert(fc.property(fc.constantFrom(url, canned), fc.nat(), replacement, (signed, position, char) => {
      const index = position % signed.length;
      fc.pre(signed[index] !== char);
      const tampered = signed.slice(0, index) + char + signed.slice(index + 1);
      const verdict = verifyCloudFrontUrl(tampered, at(NOW, '10.0.0.1'));
      // A change in the resource part (path or own query) of a wildcard URL may stay inside the signed pattern.
      const stillCovered = signed === url && index < signed.indexOf('&Policy=') && tampered.startsWith('https://d.example/v/');
      if (!stillCovered) expect(verdict.ok, tampered).to.equal(false);
    }), { numRuns: 1000 });
  });
});

describe('verifyCloudFrontCookies', () => {
  it('accepts signed cookies for URLs under the wildcard, and reports why others fail', () => {
    const { values } = rsa256Signer.signCookies('https://d.example/videos/*', { expiresIn: 60 });
    expect(verifyCloudFrontCookies('https://d.example/videos/1/seg.ts?x=1', values, at(NOW))).to.deep.include({ ok: true, policyType: 'custom' });
    expect(verifyCloudFrontCookies('https://d.example/images/1.jpg', values, at(NOW))).to.include({ reason: 'resource-mismatch' });
    expect(verifyCloudFrontCookies('https://d.example/videos/1/seg.ts', values, at(NOW + 61_000))).to.include({ reason: 'expired' });
    const { 'CloudFront-Hash-Algorithm': _hash, ...withoutHash } = values;
    expect(verifyCloudFrontCookies('https://d.example/videos/1.ts', withoutHash, at(NOW))).to.include({ reason: 'bad-signature' });
    expect(verifyCloudFrontCookies('https://d.example/videos/1.ts', {}, at(NOW))).to.include({ reason: 'missing-parameters' });
  });

  it('canned cookies are bound to the exact URL', () => {
    const { values } = ecSigner.signCookies('https://d.example/a.jpg', { expiresIn: 60 });
    expect(verifyCloudFrontCookies('https://d.example/a.jpg', values, at(NOW)).ok).to.equal(true);
    expect(verifyCloudFrontCookies('https://d.example/b.jpg', values, at(NOW))).to.include({ reason: 'bad-signature' });
  });
});

describe('sign → verify round trip (generated policies)', () => {
  const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,10}$/).filter((value) => value !== '.' && value !== '..');
  const generated = fc.record({
    path: fc.array(segment, { minLength: 1, maxLength: 4 }),
    lifetime: fc.integer({ min: 1, max: 86_400 }),
    startsAgo: fc.option(fc.integer({ min: 0, max: 3600 }), { nil: undefined }),
    ip: fc.option(fc.tuple(fc.ipV4(), fc.integer({ min: 8, max: 32 })), { nil: undefined }),
    wildcard: fc.boolean(),
    signer: fc.constantFrom(rsaSigner, rsa256Signer, ecSigner),
  });

  it('accepts what was signed; refuses a later clock, another IP and another resource with the right reason', () => {
    fc.assert(fc.property(generated, ({ path, lifetime, startsAgo, ip, wildcard, signer }) => {
      const url = `https://d.example/${path.join('/')}`;
      const policy = {
        expiresIn: lifetime,
        ...(startsAgo === undefined ? {} : { dateGreaterThan: new Date(NOW - startsAgo * 1000) }),
        ...(ip === undefined ? {} : { ipAddress: `${ip[0]}/${ip[1]}` }),
        ...(wildcard ? { resource: `https://d.example/${path[0]}/*` } : {}),
      };
      const target = wildcard ? `${url}/x` : url;
      const signed = signer.signUrl(target, policy);
      const clientIp = ip?.[0];
      expect(verifyCloudFrontUrl(signed, at(NOW, clientIp)).ok).to.equal(true);
      expect(verifyCloudFrontUrl(signed, at(NOW + lifetime * 1000, clientIp))).to.include({ reason: 'expired' });
      if (ip !== undefined) {
        const outside = ip[0].startsWith('1.') ? '2.0.0.1' : '1.0.0.1';
        expect(verifyCloudFrontUrl(signed, at(NOW, outside))).to.include({ reason: 'ip-mismatch' });
      }
      const query = signed.slice(signed.indexOf('?'));
      const elsewhere = `https://d.example/other-${path[0]}/y${query}`;
      const custom = wildcard || startsAgo !== undefined || ip !== undefined;
      expect(verifyCloudFrontUrl(elsewhere, at(NOW, clientIp))).to.include({ reason: custom ? 'resource-mismatch' : 'bad-signature' });
    }), { numRuns: 200 });
  });
});

describe('verifier configuration errors', () => {
  it('a public key that is not a key is a configuration mistake (ERR_ACCEL_INVALID_KEY), not a verdict', () => {
    const signed = rsaSigner.signUrl('https://d.example/a', { expiresIn: 60 });
    expect(() => verifyCloudFrontUrl(signed, { publicKeys: { KRSA: 'not a pem' }, now: () => NOW })).to.throw(/publicKeys\.KRSA/).with.property('code', 'ERR_ACCEL_INVALID_KEY');
  });
});
