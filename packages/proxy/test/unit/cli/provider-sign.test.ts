import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createGcsVerifier, createGoogleCdnVerifier, createSecureLinkVerifier, verifyBunnyUrl } from '@cdn-accel/core';
import { runCli } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const CDN_KEY = 'nZtRohdNF9m3cKM24IcK4w==';
const BUNNY_KEY = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const LINK_SECRET = 'kR4t-9dQ2_vLm7Zp0sYb3Nw8';
const HMAC = { accessId: 'GOOG1EEXAMPLEACCESSID0123456789', secret: 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ' };
const vectors = new URL('../../../../core/test/vectors/gcs/', import.meta.url);

describe('cdn-accel sign <provider>', () => {
  let folder: string;
  const io = (env: NodeJS.ProcessEnv = {}, now = NOW) => captureIo({ cwd: folder, now: () => now, env });

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'cdn-accel-sign-providers-'));
    writeFileSync(join(folder, 'cdn-key.txt'), `${CDN_KEY}\n`);
    copyFileSync(new URL('test_service_account.not-a-test.json', vectors), join(folder, 'sa.json'));
    writeFileSync(join(folder, 'link-secret.txt'), `${LINK_SECRET}\n`);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('google-cdn: a signed URL like gcloud compute sign-url, a URL-prefix signature, and a cookie', async () => {
    const cdnVerifier = createGoogleCdnVerifier({ keyName: 'my-key', key: CDN_KEY, now: () => NOW });
    const key = ['--key-name', 'my-key', '--key-file', 'cdn-key.txt', '--expires-in', '12h'];
    const url = io();
    expect(await runCli(['sign', 'google-cdn', 'https://media.example.com/a/b.mp4', ...key], url), url.err).to.equal(0);
    expect(url.out).to.match(new RegExp(`^https://media\\.example\\.com/a/b\\.mp4\\?Expires=${NOW / 1000 + 12 * 3600}&KeyName=my-key&Signature=[\\w-]+=\\n$`));
    expect(cdnVerifier.verify({ url: url.out.trim() })).to.include({ ok: true, form: 'url' });
    const prefix = io();
    expect(await runCli(['sign', 'google-cdn', 'https://media.example.com/a/b.mp4', ...key, '--url-prefix', 'https://media.example.com/a/'], prefix)).to.equal(0);
    expect(cdnVerifier.verify({ url: prefix.out.trim().replace('/a/b.mp4', '/a/c.mp4') })).to.include({ ok: true, form: 'url-prefix' });
    const cookie = io();
    expect(await runCli(['sign', 'google-cdn', '--cookie', '--url-prefix', 'https://media.example.com/a/', ...key], cookie)).to.equal(0);
    expect(cookie.out).to.match(/^Cloud-CDN-Cookie=URLPrefix=[\w-]+=*:Expires=\d+:KeyName=my-key:Signature=[\w-]+=; Path=\/; Secure; HttpOnly\n$/);
    expect(cdnVerifier.verify({ url: 'https://media.example.com/a/seg.ts', cookie: cookie.out.split(';')[0] })).to.include({ ok: true, form: 'cookie' });
  });

  it('gcs: reproduces the published V4 vector "Simple GET" byte for byte from the key file, like gcloud storage sign-url', async () => {
    const suite = JSON.parse(readFileSync(new URL('v4_signatures.json', vectors), 'utf8')) as { signingV4Tests: Array<{ description: string; expectedUrl: string; timestamp: string }> };
    const vector = suite.signingV4Tests.find((test) => test.description === 'Simple GET')!;
    const out = io({}, Date.parse(vector.timestamp));
    expect(await runCli(['sign', 'gcs', 'gs://test-bucket/test-object', '--private-key-file', 'sa.json', '--duration', '10'], out), out.err).to.equal(0);
    expect(out.out).to.equal(`${vector.expectedUrl}\n`);
  });

  it('gcs: HMAC keys, -m HEAD, --query-params and a virtual-hosted URL, accepted by the verifier for that method only', async () => {
    const out = io({ GCS_HMAC_SECRET: HMAC.secret });
    const args = ['sign', 'gcs', 'gs://acme-media/books/moby dick.pdf', '--hmac-access-id', HMAC.accessId, '-d', '10m', '-m', 'HEAD', '--query-params', 'response-content-disposition=attachment', '--url-style', 'virtual-hosted'];
    expect(await runCli(args, out), out.err).to.equal(0);
    const url = new URL(out.out.trim());
    expect(url.host).to.equal('acme-media.storage.googleapis.com');
    expect(url.pathname).to.equal('/books/moby%20dick.pdf');
    const verifier = createGcsVerifier({ hmacKeys: { [HMAC.accessId]: HMAC.secret }, now: () => NOW });
    expect(verifier.verify({ method: 'HEAD', url: url.pathname + url.search, host: url.host })).to.deep.include({ ok: true, responseHeaders: { 'content-disposition': 'attachment' } });
    expect(verifier.verify({ method: 'GET', url: url.pathname + url.search, host: url.host }).ok).to.equal(false);
  });

  it('bunny: a directory token for the folder, countries and an IP lock, from the key in $BUNNY_SECURITY_KEY', async () => {
    const out = io({ BUNNY_SECURITY_KEY: BUNNY_KEY });
    expect(await runCli(['sign', 'bunny', 'https://myzone.b-cdn.net/videos/42/master.m3u8', '--expires-in', '1h', '--directory', '--folder', '--countries', 'DE,AT', '--ip', '203.0.113.7'], out), out.err).to.equal(0);
    const url = out.out.trim();
    expect(url).to.match(/^https:\/\/myzone\.b-cdn\.net\/bcdn_token=HS256-1-[\w-]+&token_countries=DE%2CAT&token_path=%2Fvideos%2F42%2F&expires=\d+\/videos\/42\/master\.m3u8$/);
    const segment = new URL('seg-1.ts', url).href;
    expect(verifyBunnyUrl(segment, { securityKey: BUNNY_KEY, clientIp: '203.0.113.7', countryCode: 'AT', now: () => NOW })).to.include({ ok: true });
    expect(verifyBunnyUrl(segment, { securityKey: BUNNY_KEY, clientIp: '203.0.113.7', countryCode: 'FR', now: () => NOW })).to.include({ reason: 'country-refused' });
  });

  it('secure-link: a link Nginx would accept, the secret from --secret-file, bound to --remote-addr', async () => {
    const md5 = '$secure_link_expires$uri$remote_addr $secret';
    const out = io();
    expect(await runCli(['sign', 'secure-link', 'https://files.example.com/p/moby%20dick.pdf', '--secure-link-md5', md5, '--secret-file', 'link-secret.txt', '--remote-addr', '203.0.113.7', '--expires', '2026-01-02'], out), out.err).to.equal(0);
    expect(out.out).to.match(/^https:\/\/files\.example\.com\/p\/moby%20dick\.pdf\?md5=[\w-]{22}&expires=1767312000\n$/);
    const verifier = createSecureLinkVerifier({ secureLinkMd5: md5, secret: LINK_SECRET });
    expect(verifier.verify(out.out.trim(), { remoteAddr: '203.0.113.7', now: () => NOW })).to.deep.equal({ ok: true, expires: 1767312000 });
  });

  it('errors name the flag to fix, never a secret, on stderr with status 2', async () => {
    writeFileSync(join(folder, 'short-key.txt'), 'c2hvcnQ=\n');
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [['google-cdn', 'https://m.example.com/a', '--key-name', 'k', '--key-file', 'short-key.txt', '--expires-in', '1h'], {}, /--key-file: the key decodes to 5 bytes/],
      [['google-cdn', 'https://m.example.com/a', '--key-name', 'k', '--key-file', 'cdn-key.txt', '--expires-in', 'soon'], {}, /--expires-in: "soon" is not a duration/],
      [['google-cdn', 'https://M.example.com/a', '--key-name', 'k', '--key-file', 'cdn-key.txt', '--expires-in', '1h'], {}, /URL: write the scheme and host in lower case/],
      [['google-cdn', 'https://m.example.com/a', '--key-file', 'cdn-key.txt', '--expires-in', '1h'], {}, /--key-name is required/],
      [['gcs', 'gs://b-1/o', '--private-key-file', 'link-secret.txt'], {}, /--private-key-file: the service-account key is not valid JSON/],
      [['gcs', 'gs://b-1/o', '--hmac-access-id', HMAC.accessId, '--duration', '8d'], { GCS_HMAC_SECRET: HMAC.secret }, /--duration: 8d is longer than the 604800 s/],
      [['gcs', 'gs://b-1/o', '--hmac-access-id', HMAC.accessId], {}, /\$GCS_HMAC_SECRET is not set/],
      [['gcs', 'gs://b-1/o', '--hmac-access-id', HMAC.accessId], { GCS_HMAC_SECRET: `${CDN_KEY}x` }, /--hmac-secret-env \/ --hmac-secret-file: expected the 40-character base64 secret/],
      [['gcs', 'b-1/o', '--hmac-access-id', HMAC.accessId], {}, /"b-1\/o" is not gs:\/\/BUCKET\/OBJECT/],
      [['bunny', 'https://z.b-cdn.net/a', '--expires-in', '1h'], { BUNNY_SECURITY_KEY: `${BUNNY_KEY} ` }, /--security-key-env \/ --security-key-file: the key \(37 characters\) contains white space/],
      [['bunny', 'https://z.b-cdn.net/a', '--expires-in', '1h', '--countries', 'UK'], { BUNNY_SECURITY_KEY: BUNNY_KEY }, /--countries: "UK" is not the ISO 3166-1 code; use "GB"/],
      [['secure-link', 'https://f.example.com/a', '--secure-link-md5', '$uri $secret', '--expires-in', '1h'], { SECURE_LINK_SECRET: LINK_SECRET }, /--secure-link-md5: has no \$secure_link_expires/],
      [['secure-link', 'https://f.example.com/a', '--secure-link-md5', '$secure_link_expires$uri$remote_addr $secret', '--remote-addr', '2001:db8::1', '--expires-in', '1h'], { SECURE_LINK_SECRET: LINK_SECRET }, /--remote-addr: \$remote_addr is an IPv4 address here/],
    ];
    for (const [args, env, message] of cases) {
      const out = io(env);
      expect(await runCli(['sign', ...args], out), args.join(' ')).to.equal(2);
      expect(out.err, args.join(' ')).to.match(message);
      expect(out.out).to.equal('');
      for (const secret of [CDN_KEY, HMAC.secret, BUNNY_KEY, LINK_SECRET]) expect(out.err).not.to.contain(secret);
    }
  });

  it('--help of a provider prints its own usage; plain sign stays CloudFront', async () => {
    const help = io();
    expect(await runCli(['sign', 'gcs', '--help'], help)).to.equal(0);
    expect(help.out).to.match(/^Usage: cdn-accel sign gcs gs:\/\/BUCKET\/OBJECT/);
    const plain = io();
    expect(await runCli(['sign', '--help'], plain)).to.equal(0);
    expect(plain.out).to.match(/^Usage: cdn-accel sign --url URL --key-pair-id ID/).and.contain('cdn-accel sign google-cdn|gcs|bunny|secure-link');
  });
});
