import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import { createGcsSigner } from '../../../src/gcs/create-signer.js';
import type { GcsCommonSignerOptions, GcsSigner, ServiceAccountKey } from '../../../src/gcs/types.js';
import { createGcsVerifier } from '../../../src/gcs/verify.js';

const vectors = new URL('../../vectors/gcs/', import.meta.url);
const keyJson = JSON.parse(readFileSync(new URL('test_service_account.not-a-test.json', vectors), 'utf8')) as ServiceAccountKey;
const hmacKey = { accessId: 'GOOG1EEXAMPLEACCESSID0123456789', secret: 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ' };
const NOW = Date.parse('2026-03-01T12:00:00Z');

const rsaSigner = createGcsSigner({ bucket: 'media', serviceAccountKey: keyJson, now: () => NOW });
const verifierAt = (ms: number, bucket?: string) => createGcsVerifier({
  serviceAccounts: { [keyJson.client_email]: rsaSigner.publicKey! },
  hmacKeys: { [hmacKey.accessId]: hmacKey.secret },
  now: () => ms,
  ...(bucket === undefined ? {} : { bucket }),
});
const verifier = verifierAt(NOW);

const awkwardChar = fc.constantFrom(...'abcXYZ019-._~ +!*\'()&=;,:@$?#%/é中😀'.split(/(?=[\s\S])/u));
const objectName = fc.array(awkwardChar, { minLength: 1, maxLength: 20 }).map((chars) => chars.join(''))
  .filter((name) => !name.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment)));
const styles: Array<GcsCommonSignerOptions & { verifyBucket?: string }> = [
  { bucket: 'media' },
  { bucket: 'media', urlStyle: 'virtual-hosted' },
  { bucket: 'media.example.com', bucketBoundHostname: 'https://media.example.com', verifyBucket: 'media.example.com' },
  { bucket: 'media', endpoint: 'http://127.0.0.1:4443' },
];
const signers: Array<{ signer: GcsSigner; verifyBucket?: string }> = styles.flatMap(({ verifyBucket, ...style }) => [
  { signer: createGcsSigner({ ...style, serviceAccountKey: keyJson, now: () => NOW }), verifyBucket },
  { signer: createGcsSigner({ ...style, hmacKey, now: () => NOW }), verifyBucket },
]);
const signerCase = fc.constantFrom(...signers);

function asReceived(signed: string): { url: string; host: string } {
  const origin = /^https?:\/\/([^/]+)/.exec(signed)!;
  return { url: signed.slice(origin[0].length), host: origin[1]! };
}

describe('createGcsVerifier', () => {
  it('accepts what every signer signs, in every URL style, until X-Goog-Date + X-Goog-Expires', () => {
    fc.assert(fc.property(signerCase, objectName, fc.integer({ min: 1, max: 604_800 }), fc.constantFrom<'GET' | 'HEAD'>('GET', 'HEAD'), ({ signer, verifyBucket }, key, expiresIn, method) => {
      const disposition = `attachment; filename="${[...key].slice(0, 5).join('')}"`;
      const signed = signer.signUrl({ key, method, expiresIn, responseHeaders: { contentDisposition: disposition } });
      const request = { method, ...asReceived(signed) };
      const result = verifierAt(NOW, verifyBucket).verify(request);
      expect(result, signed).to.deep.include({ ok: true, key, algorithm: signer.algorithm, credentialId: signer.credentialId, expiresAt: new Date(NOW + expiresIn * 1000) });
      expect(result).to.have.nested.property('responseHeaders.content-disposition', disposition);
      expect(verifierAt(NOW + expiresIn * 1000, verifyBucket).verify(request).ok).to.equal(true);
      expect(verifierAt(NOW + expiresIn * 1000 + 1, verifyBucket).verify(request)).to.include({ ok: false, reason: 'expired', code: 'ExpiredToken', status: 400 });
    }), { numRuns: 150 });
  });

  it('any tampering fails: each query parameter, the path, the host, the method, the expiry, the credential', () => {
    fc.assert(fc.property(signerCase, objectName, fc.nat(), ({ signer, verifyBucket }, key, pick) => {
      const signed = signer.signUrl({ key, expiresIn: 300, responseHeaders: { contentDisposition: 'attachment', contentType: 'video/mp4' } });
      const { url, host } = asReceived(signed);
      const [path, query] = url.split('?') as [string, string];
      const parameters = query.split('&');
      const tampered: Array<{ url: string; host: string; method: string }> = [
        ...parameters.map((parameter, index) => {
          const [name, value = ''] = parameter.split('=') as [string, string];
          const changed = name === 'X-Goog-Signature' ? value.replace(/.$/, (c) => (c === '0' ? '1' : '0')) : name === 'X-Goog-Expires' ? String(Number(value) + 1) : `${value}x`;
          return { url: `${path}?${parameters.map((p, i) => (i === index ? `${name}=${changed}` : p)).join('&')}`, host, method: 'GET' };
        }),
        ...parameters.filter((p) => !p.startsWith('X-Goog-')).map((parameter) => ({ url: url.replace(`&${parameter}`, ''), host, method: 'GET' })),
        { url: `${path}x?${query}`, host, method: 'GET' },
        { url: `${path.replace(/\/[^/]*$/, '/other')}?${query}`, host, method: 'GET' },
        { url: `${url}&response-content-language=fr`, host, method: 'GET' },
        { url, host: `x${host}`, method: 'GET' },
        { url, host, method: 'HEAD' },
        { url, host, method: 'PUT' },
      ].filter((candidate) => candidate.url !== url || candidate.host !== host || candidate.method !== 'GET');
      const verify = verifierAt(NOW, verifyBucket);
      const one = tampered[pick % tampered.length]!;
      expect(verify.verify(one).ok, JSON.stringify(one)).to.equal(false);
      for (const candidate of tampered) expect(verify.verify(candidate).ok, JSON.stringify(candidate)).to.equal(false);
    }), { numRuns: 150 });
  });

  it('verifies the published vectors as Cloud Storage would receive them (headers sent, port not signed)', () => {
    const suite = JSON.parse(readFileSync(new URL('v4_signatures.json', vectors), 'utf8')) as { signingV4Tests: Array<{ description: string; expectedUrl: string; method: string; timestamp: string; headers?: Record<string, string>; urlStyle?: string; bucket: string }> };
    for (const vector of suite.signingV4Tests) {
      const headers = Object.fromEntries(Object.entries(vector.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
      const bucket = vector.urlStyle === 'BUCKET_BOUND_HOSTNAME' || vector.urlStyle === 'VIRTUAL_HOSTED_STYLE' ? vector.bucket : undefined;
      const result = verifierAt(Date.parse(vector.timestamp), bucket).verify({ method: vector.method, ...asReceived(vector.expectedUrl), headers });
      expect(result, vector.description).to.include({ ok: true, bucket: vector.bucket });
    }
  });

  it('names each refusal with the code Cloud Storage uses', () => {
    const signed = asReceived(rsaSigner.signUrl({ key: 'a.pdf' }));
    expect(verifier.verify({ method: 'GET', url: '/media/a.pdf', host: signed.host })).to.include({ reason: 'unsigned', code: 'AccessDenied', status: 403 });
    expect(verifier.verify({ method: 'GET', url: signed.url.replace(/&X-Goog-Date=[^&]+/, ''), host: signed.host })).to.include({ reason: 'malformed', code: 'MalformedSecurityHeader', status: 400 });
    expect(verifier.verify({ method: 'GET', url: signed.url.replace('X-Goog-Date=20260301', 'X-Goog-Date=20260302'), host: signed.host })).to.include({ reason: 'malformed' });
    expect(verifier.verify({ method: 'GET', url: signed.url.replace('X-Goog-Expires=900', 'X-Goog-Expires=604801'), host: signed.host })).to.include({ reason: 'malformed' });
    expect(verifier.verify({ method: 'GET', url: signed.url.replace('GOOG4-RSA-SHA256', 'AWS4-HMAC-SHA256'), host: signed.host })).to.include({ reason: 'malformed' });
    expect(verifier.verify({ method: 'GET', url: signed.url.replace('test-iam-credentials', 'someone-else'), host: signed.host })).to.include({ reason: 'unknown-credential', status: 403 });
    expect(verifier.verify({ method: 'GET', url: signed.url.replace(/X-Goog-Signature=.*/, 'X-Goog-Signature=zz'), host: signed.host })).to.include({ reason: 'bad-signature', code: 'SignatureDoesNotMatch', status: 403 });
    expect(verifierAt(NOW - 901_000).verify({ method: 'GET', ...signed })).to.include({ reason: 'not-yet-valid' });
    expect(verifierAt(NOW - 899_000).verify({ method: 'GET', ...signed }).ok).to.equal(true);
  });

  it('SECURITY: refuses a repeated X-Goog- parameter', () => {
    const signed = asReceived(rsaSigner.signUrl({ key: 'a.pdf' }));
    expect(verifier.verify({ method: 'GET', url: `${signed.url}&X-Goog-Expires=604800`, host: signed.host })).to.include({ reason: 'malformed', message: 'X-Goog-Expires appears more than once' });
  });

  it('checks its keys once', () => {
    expect(() => createGcsVerifier({ serviceAccounts: { 'a@b.c': 'not a key' } })).to.throw(/^serviceAccounts\["a@b\.c"\]: is not an RSA public key/);
  });
});
