import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createBunnySigner, createGcsSigner, createGoogleCdnSigner, createSecureLinkSigner } from '@cdn-accel/core';
import { runCli } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const CDN_KEYS = [{ keyName: 'key-2026', key: 'nZtRohdNF9m3cKM24IcK4w==' }, { keyName: 'key-2025', key: 'aGVsbG8td29ybGQtMTIzNA==' }];
const BUNNY_KEY = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const LINK_SECRET = 'kR4t-9dQ2_vLm7Zp0sYb3Nw8';
const HMAC = { accessId: 'GOOG1EEXAMPLEACCESSID0123456789', secret: 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ' };
const serviceAccountFile = new URL('../../../../core/test/vectors/gcs/test_service_account.not-a-test.json', import.meta.url);

describe('cdn-accel verify <provider>', () => {
  let folder: string;
  const run = async (args: string[], env: NodeJS.ProcessEnv = {}, now = NOW) => {
    const io = captureIo({ cwd: folder, now: () => now, env });
    const status = await runCli(['verify', ...args], io);
    return { status, out: io.out, err: io.err };
  };

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'cdn-accel-verify-providers-'));
    for (const { keyName, key } of CDN_KEYS) writeFileSync(join(folder, `${keyName}.txt`), `${key}\n`);
    copyFileSync(serviceAccountFile, join(folder, 'sa.json'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('google-cdn: valid with any key of the backend; the reason and exit 1 otherwise; cookies too', async () => {
    const signer = createGoogleCdnSigner({ keyName: 'key-2025', key: CDN_KEYS[1]!.key, now: () => NOW });
    const url = signer.signUrl('https://media.example.com/a.mp4', { expiresIn: 60 });
    const keys = ['--key-name', 'key-2026', '--key-file', 'key-2026.txt', '--key-name', 'key-2025', '--key-file', 'key-2025.txt'];
    expect(await run(['google-cdn', url, ...keys])).to.include({ status: 0, out: 'valid\n' });
    expect(await run(['google-cdn', url, ...keys], {}, NOW + 61_000)).to.include({ status: 1 }).and.have.property('out').that.match(/^expired: /);
    expect((await run(['google-cdn', url.replace('a.mp4', 'b.mp4'), ...keys])).out).to.match(/^bad-signature: /);
    expect((await run(['google-cdn', url, ...keys.slice(0, 4)])).out).to.match(/^unknown-key: /);
    const cookie = signer.signCookie('https://media.example.com/v/', { expiresIn: 60 }).value;
    expect(await run(['google-cdn', 'https://media.example.com/v/1.ts', '--cookie', cookie, ...keys])).to.include({ status: 0 });
    expect((await run(['google-cdn', 'https://media.example.com/w/1.ts', '--cookie', cookie, ...keys])).out).to.match(/^out-of-scope: /);
  });

  it('gcs: valid for the method signed, with Cloud Storage\'s code and status otherwise (RSA key file and HMAC)', async () => {
    const rsa = createGcsSigner({ bucket: 'acme-media', serviceAccountKey: { file: join(folder, 'sa.json') }, now: () => NOW });
    const url = rsa.signUrl({ key: 'a b.pdf', expiresIn: 60 });
    expect(await run(['gcs', url, '--private-key-file', 'sa.json'])).to.include({ status: 0, out: 'valid\n' });
    expect(await run(['gcs', url, '--private-key-file', 'sa.json', '-m', 'HEAD'])).to.include({ status: 1 }).and.have.property('out').that.match(/^bad-signature \(SignatureDoesNotMatch 403\): /);
    expect((await run(['gcs', url, '--private-key-file', 'sa.json'], {}, NOW + 61_000)).out).to.match(/^expired \(ExpiredToken 400\)/);
    const hmac = createGcsSigner({ bucket: 'media.example.com', bucketBoundHostname: 'https://media.example.com', hmacKey: HMAC, now: () => NOW });
    const bound = hmac.signUrl({ key: 'x.bin', method: 'HEAD', expiresIn: 60 });
    expect(await run(['gcs', bound, '--hmac-access-id', HMAC.accessId, '--bucket', 'media.example.com', '-m', 'HEAD'], { GCS_HMAC_SECRET: HMAC.secret })).to.include({ status: 0 });
  });

  it('bunny: valid, then country-refused, ip-mismatch and expired as the edge decides', async () => {
    const signer = createBunnySigner({ securityKey: BUNNY_KEY, baseUrl: 'https://myzone.b-cdn.net/', countries: ['DE'] });
    const url = signer.signUrl({ key: 'v/a.mp4', expiresAt: NOW / 1000 + 60, clientIp: '203.0.113.7' });
    const env = { BUNNY_SECURITY_KEY: BUNNY_KEY };
    expect(await run(['bunny', url, '--ip', '203.0.113.7', '--country', 'DE'], env)).to.include({ status: 0, out: 'valid\n' });
    expect((await run(['bunny', url, '--ip', '203.0.113.7', '--country', 'FR'], env)).out).to.match(/^country-refused: /);
    expect((await run(['bunny', url, '--ip', '203.0.113.8', '--country', 'DE'], env)).out).to.match(/^bad-signature: /);
    expect((await run(['bunny', url, '--ip', '203.0.113.7', '--country', 'DE', '--now', String(NOW / 1000 + 61)], env)).out).to.match(/^expired: /);
  });

  it('secure-link: valid, 403 for another address, 410 once expired', async () => {
    const md5 = '$secure_link_expires$uri$remote_addr $secret';
    const url = createSecureLinkSigner({ baseUrl: 'https://files.example.com/', secureLinkMd5: md5, secret: LINK_SECRET }).signUrl({ key: 'p/a.pdf', expiresAt: NOW / 1000 + 60, clientIp: '203.0.113.7' });
    const env = { SECURE_LINK_SECRET: LINK_SECRET };
    expect(await run(['secure-link', url, '--secure-link-md5', md5, '--remote-addr', '203.0.113.7'], env)).to.include({ status: 0, out: 'valid\n' });
    expect((await run(['secure-link', url, '--secure-link-md5', md5, '--remote-addr', '203.0.113.8'], env)).out).to.equal('bad-signature (403): the hash does not match\n');
    expect((await run(['secure-link', url, '--secure-link-md5', md5, '--remote-addr', '203.0.113.7'], env, NOW + 61_000)).out).to.match(/^expired \(410\)/);
  });

  it('usage errors name the flag, with the provider\'s usage', async () => {
    const missing = await run(['google-cdn', 'https://m.example.com/a', '--key-name', 'k']);
    expect(missing.status).to.equal(2);
    expect(missing.err).to.contain('one --key-file per --key-name').and.contain('Usage: cdn-accel verify google-cdn');
    expect((await run(['gcs', 'https://storage.googleapis.com/b/o'])).err).to.contain('--private-key-file (service-account JSON key) or --hmac-access-id (HMAC key) is required');
    expect((await run(['secure-link', 'https://f.example.com/a'])).err).to.contain('--secure-link-md5 is required');
  });
});
