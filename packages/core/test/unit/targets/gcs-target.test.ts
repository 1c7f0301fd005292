import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { TargetSignResult } from '../../../src/contract/target.js';
import { createAccel } from '../../../src/engine/create-accel.js';
import { loadServiceAccountKey } from '../../../src/gcs/service-account.js';
import type { ServiceAccountKey } from '../../../src/gcs/types.js';
import { createGcsVerifier } from '../../../src/gcs/verify.js';
import { gcs } from '../../../src/targets/gcs-target.js';
import { configFailure, decide, headersOf } from './target-helpers.js';

const keyJson = JSON.parse(readFileSync(new URL('../../vectors/gcs/test_service_account.not-a-test.json', import.meta.url), 'utf8')) as ServiceAccountKey;
const account = loadServiceAccountKey(keyJson);
const hmacKey = { accessId: 'GOOG1EEXAMPLEACCESSID0123456789', secret: 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ' };
const NOW = Date.now();
const input = { key: 'books/moby dick.pdf', query: '', expiresAt: Math.floor(NOW / 1000) + 3600, method: 'GET' as const, nowMs: NOW };
const verifier = createGcsVerifier({ serviceAccounts: { [account.clientEmail]: account.publicKey }, hmacKeys: { [hmacKey.accessId]: hmacKey.secret }, now: () => NOW });
const host = 'storage.googleapis.com';

function verify(url: string, method = 'GET') {
  const parsed = new URL(url);
  return verifier.verify({ method, url: parsed.pathname + parsed.search, host: parsed.host });
}

describe('gcs()', () => {
  it('signs prefix + key with a service-account key, HEAD for HEAD, the app Content-Disposition signed in', async () => {
    const target = gcs({ bucket: 'acme-media', prefix: 'pdf/', serviceAccountKey: keyJson });
    expect(target).to.include({ kind: 'gcs', mode: 'redirect', origin: `https://${host}`, methodBound: true });
    expect(target.carry).to.deep.equal({ contentDisposition: true, cacheControl: false, contentType: false });
    for (const method of ['GET', 'HEAD'] as const) {
      const { url } = target.sign({ ...input, method, overrides: { contentDisposition: 'attachment; filename="a.pdf"' } }) as TargetSignResult;
      const parsed = new URL(url);
      expect(parsed.pathname).to.equal('/acme-media/pdf/books/moby%20dick.pdf');
      expect(parsed.searchParams.get('X-Goog-Algorithm')).to.equal('GOOG4-RSA-SHA256');
      expect(Number(parsed.searchParams.get('X-Goog-Expires'))).to.equal(input.expiresAt - Math.floor(NOW / 1000));
      expect(verify(url, method)).to.deep.include({ ok: true, key: 'pdf/books/moby dick.pdf', responseHeaders: { 'content-disposition': 'attachment; filename="a.pdf"' } });
      // SECURITY: a URL signed for one method does not serve another.
      expect(verify(url, method === 'GET' ? 'HEAD' : 'GET').ok).to.equal(false);
    }
  });

  it('through the engine: a HEAD is signed as HEAD, the query of X-Accel-Redirect is dropped', async () => {
    const accel = createAccel({ locations: { '/files/': gcs({ bucket: 'acme-media', hmacKey }) } });
    const { location } = headersOf(await decide(accel, '/files/a b.txt?X-Goog-Signature=forged', { method: 'HEAD' }, { 'Content-Disposition': 'attachment' }));
    expect(location).not.to.include('forged');
    expect(verify(location, 'HEAD')).to.deep.include({ ok: true, algorithm: 'GOOG4-HMAC-SHA256', key: 'a b.txt' });
  });

  it('virtual-hosted and bucket-bound hostnames set the origin', () => {
    expect(gcs({ bucket: 'acme-media', urlStyle: 'virtual-hosted', hmacKey }).origin).to.equal('https://acme-media.storage.googleapis.com');
    expect(gcs({ bucket: 'media.example.com', bucketBoundHostname: 'https://media.example.com', hmacKey }).origin).to.equal('https://media.example.com');
  });

  it('works with a remote signer (IAM signBlob, KMS): the URL comes back as a promise', async () => {
    const { sign } = await import('node:crypto');
    const target = gcs({ bucket: 'acme-media', clientEmail: account.clientEmail, sign: async (data) => sign('sha256', data, account.privateKey) });
    const result = target.sign(input);
    expect(result).to.be.an.instanceOf(Promise);
    expect(verify((await result).url).ok).to.equal(true);
  });

  it('carries Content-Type only when asked; Cache-Control cannot be carried', () => {
    expect(gcs({ bucket: 'b-1', hmacKey, carryHeaders: true }).carry).to.deep.equal({ contentDisposition: true, cacheControl: false, contentType: false });
    expect(configFailure(() => gcs({ bucket: 'b-1', hmacKey, carryHeaders: { cacheControl: true } as never }))).to.include('gcs.carryHeaders.cacheControl').and.include("object's metadata");
  });

  it("a mode Cloud Storage lacks is a config error naming the modes it has", () => {
    const message = configFailure(() => gcs({ bucket: 'b-1', hmacKey, mode: 'cookies' as never }));
    expect(message).to.include("gcs.mode: Cloud Storage has no 'cookies' mode; its modes are 'redirect' and 'stream'").and.include('googleCdn()');
  });

  it('validates every option at startup, naming the field, never a secret', () => {
    expect(configFailure(() => gcs({ bucket: 'Bad Bucket', hmacKey }))).to.include('gcs.bucket');
    expect(configFailure(() => gcs({ bucket: 'b-1', hmacKey, prefix: '/pdf' }))).to.include('gcs.prefix');
    expect(configFailure(() => gcs({ bucket: 'b-1', hmacKey, expiresIn: 604_801 }))).to.include('gcs.expiresIn');
    expect(configFailure(() => gcs({ bucket: 'b-1', hmacKey, expiresIn: 60, cacheControl: 'max-age=600' }))).to.include('gcs.cacheControl');
    const malformed = configFailure(() => gcs({ bucket: 'b-1', serviceAccountKey: '{"type": "service_account", "private_key": "secret-bits' }));
    expect(malformed).to.include('gcs.serviceAccountKey').and.include('not valid JSON').and.not.include('secret-bits');
    const hmacAsRsa = configFailure(() => gcs({ bucket: 'b-1', serviceAccountKey: hmacKey.secret }));
    expect(hmacAsRsa).to.include('gcs.serviceAccountKey').and.include('HMAC').and.not.include(hmacKey.secret);
    expect(configFailure(() => gcs({ bucket: 'b-1', hmacKey: { ...hmacKey, secret: 'short' } }))).to.include('gcs.hmacKey.secret').and.include('5 characters');
    expect(configFailure(() => gcs({ bucket: 'b-1' } as never))).to.include('gcs.serviceAccountKey');
  });
});
