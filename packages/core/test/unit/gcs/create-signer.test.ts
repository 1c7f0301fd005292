import { sign as cryptoSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import { createGcsSigner } from '../../../src/gcs/create-signer.js';
import { loadServiceAccountKey } from '../../../src/gcs/service-account.js';
import type { GcsCommonSignerOptions, ServiceAccountKey } from '../../../src/gcs/types.js';

const keyJson = JSON.parse(readFileSync(new URL('../../vectors/gcs/test_service_account.not-a-test.json', import.meta.url), 'utf8')) as ServiceAccountKey;
const account = loadServiceAccountKey(keyJson);
const hmacKey = { accessId: 'GOOG1EEXAMPLEACCESSID0123456789', secret: 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ' };
const NOW = Date.parse('2026-03-01T12:00:00Z');

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).to.include({ code: 'ERR_ACCEL_INVALID_INPUT', status: 400 });
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

const awkwardChar = fc.constantFrom(...'abcXYZ019-._~ +!*\'()&=;,:@$?#%/é中😀'.split(/(?=[\s\S])/u), '\u00a0');
const objectName = fc.array(awkwardChar, { minLength: 1, maxLength: 24 }).map((chars) => chars.join(''))
  .filter((name) => !name.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment)));
const headerValue = fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }).filter((value) => !/[\u0000-\u001f\u007f]/.test(value));
const addressing = fc.constantFrom<GcsCommonSignerOptions>(
  { bucket: 'media-bucket' },
  { bucket: 'media-bucket', urlStyle: 'virtual-hosted' },
  { bucket: 'media.example.com', bucketBoundHostname: 'https://media.example.com' },
  { bucket: 'media_bucket', endpoint: 'http://127.0.0.1:4443' },
);

describe('createGcsSigner', () => {
  it('signUrl (the fast path) and signRequest (the general path) make the same URL, RSA and HMAC', () => {
    fc.assert(fc.property(
      addressing, fc.boolean(), objectName, fc.constantFrom<'GET' | 'HEAD'>('GET', 'HEAD'), fc.integer({ min: 1, max: 604_800 }),
      fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
      fc.record({ contentDisposition: headerValue, contentType: headerValue }, { requiredKeys: [] }),
      (address, rsa, key, method, expiresIn, signingDate, responseHeaders) => {
        const signer = createGcsSigner(rsa ? { ...address, serviceAccountKey: keyJson } : { ...address, hmacKey });
        const query: Record<string, string> = {};
        if (responseHeaders.contentDisposition !== undefined) query['response-content-disposition'] = responseHeaders.contentDisposition;
        if (responseHeaders.contentType !== undefined) query['response-content-type'] = responseHeaders.contentType;
        const fast = signer.signUrl({ key, method, expiresIn, signingDate, responseHeaders });
        expect(fast).to.equal(signer.signRequest({ key, method, expiresIn, signingDate, query }).url);
      },
    ), { numRuns: 300 });
  });

  it('defaults: GET, expiresIn 900 (or the option), signed now by the clock', () => {
    const signer = createGcsSigner({ bucket: 'media', hmacKey, now: () => NOW });
    expect(signer).to.include({ algorithm: 'GOOG4-HMAC-SHA256', credentialId: hmacKey.accessId, origin: 'https://storage.googleapis.com', publicKey: undefined });
    const url = new URL(signer.signUrl({ key: 'a.pdf' }));
    expect(url.searchParams.get('X-Goog-Date')).to.equal('20260301T120000Z');
    expect(url.searchParams.get('X-Goog-Expires')).to.equal('900');
    expect(url.searchParams.get('X-Goog-Credential')).to.equal(`${hmacKey.accessId}/20260301/auto/storage/goog4_request`);
    expect(url.searchParams.get('X-Goog-Signature')).to.match(/^[0-9a-f]{64}$/);
    expect(createGcsSigner({ bucket: 'media', hmacKey, now: () => NOW, expiresIn: 60 }).signUrl({ key: 'a' })).to.include('X-Goog-Expires=60&');
  });

  it('signs with the service account key: an RSA PKCS#1 v1.5 SHA-256 signature in hex', () => {
    const signer = createGcsSigner({ bucket: 'media', serviceAccountKey: keyJson, now: () => NOW });
    expect(signer.publicKey?.type).to.equal('public');
    const { stringToSign, url } = signer.signRequest({ method: 'GET', key: 'a.pdf' });
    const signature = cryptoSign('sha256', Buffer.from(stringToSign), account.privateKey).toString('hex');
    expect(url).to.equal(`${signer.signUrl({ key: 'a.pdf' }).split('&X-Goog-Signature=')[0]}&X-Goog-Signature=${signature}`);
  });

  it('a remote signer (IAM signBlob, KMS) gets the string to sign and makes the same URL, as a promise', async () => {
    const seen: string[] = [];
    const remote = createGcsSigner({
      bucket: 'media',
      clientEmail: account.clientEmail,
      sign: async (data) => {
        seen.push(data.toString());
        return cryptoSign('sha256', data, account.privateKey);
      },
      now: () => NOW,
    });
    const local = createGcsSigner({ bucket: 'media', serviceAccountKey: keyJson, now: () => NOW });
    expect(await remote.signUrl({ key: 'a b.pdf' })).to.equal(local.signUrl({ key: 'a b.pdf' }));
    expect(seen[0]).to.match(/^GOOG4-RSA-SHA256\n20260301T120000Z\n20260301\/auto\/storage\/goog4_request\n[0-9a-f]{64}$/);
    const failing = createGcsSigner({ bucket: 'media', clientEmail: account.clientEmail, sign: () => Promise.reject(new Error('IAM said no')) });
    let error: unknown;
    await failing.signUrl({ key: 'a' }).catch((caught: unknown) => { error = caught; });
    expect(error).to.include({ code: 'ERR_ACCEL_SIGNING_FAILED', status: 502, message: 'external signer failed: IAM said no' });
  });

  it('refuses requests it cannot sign for a browser', () => {
    const signer = createGcsSigner({ bucket: 'media', hmacKey, now: () => NOW });
    expect(refusal(() => signer.signUrl({ key: '' }))).to.match(/non-empty object name/);
    expect(refusal(() => signer.signUrl({ key: 'a/../b' }))).to.match(/"\." or "\.\." segment/);
    expect(refusal(() => signer.signUrl({ key: 'a/%2e%2e/b' }))).to.match(/"\." or "\.\." segment/);
    expect(refusal(() => signer.signUrl({ key: 'a\nb' }))).to.match(/carriage return or line feed/);
    expect(refusal(() => signer.signUrl({ key: 'é'.repeat(513) }))).to.match(/longer than Cloud Storage's 1024 bytes/);
    expect(refusal(() => signer.signUrl({ key: 'a', method: 'PUT' as never }))).to.match(/GET or HEAD/);
    expect(refusal(() => signer.signUrl({ key: 'a', expiresIn: 604_801 }))).to.match(/from 1 to 604800/);
    expect(refusal(() => signer.signUrl({ key: 'a', signingDate: new Date(Number.NaN) }))).to.match(/valid Date/);
    expect(refusal(() => signer.signUrl({ key: 'a', responseHeaders: { contentDisposition: 'attachment\r\nSet-Cookie: x=1' } }))).to.match(/control characters/);
    expect(refusal(() => signer.signUrl({ key: 'a', responseHeaders: { cacheControl: 'no-store' } as never }))).to.match(/only set contentDisposition and contentType/);
    expect(signer.signUrl({ key: 'a', responseHeaders: { cacheControl: undefined } as never })).not.to.include('response-');
    expect(refusal(() => signer.signRequest({ method: 'GET', key: 'a', headers: { 'x-goog-meta': 'a\nb' } }))).to.match(/without line breaks/);
    expect(refusal(() => signer.signRequest({ method: 'get', key: 'a' }))).to.match(/upper-case HTTP method/);
  });

  it('checks its options once: expiresIn, the clock', () => {
    expect(() => createGcsSigner({ bucket: 'media', hmacKey, expiresIn: 604_801 })).to.throw(/^expiresIn: expected a whole number of seconds from 1 to 604800, got the number 604801\. Use e\.g\. 300/);
    expect(() => createGcsSigner({ bucket: 'media', hmacKey, now: 'now' as never })).to.throw(/^now: expected a function/);
    expect(() => createGcsSigner(null as never)).to.throw(/^options: expected an options object/);
  });
});
