import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { tmpdir } from 'node:os';
import { bunny, createGoogleCdnSigner, gcs, googleCdn, secureLink, type AccelTarget, type TargetSignResult } from '@cdn-accel/core';
import { createDevCdn } from '../../src/index.js';
import { BOOK, rawRequest, startHarness, targetOf, type Harness } from './harness.js';

const CDN_KEY = { keyName: 'key-2026', key: 'nZtRohdNF9m3cKM24IcK4w==' };
const HMAC = { accessId: 'GOOG1EDEVCDNTEST', secret: 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ' };
const BUNNY_KEY = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const LINK = { secureLinkMd5: '$secure_link_expires$uri$remote_addr $secret', secret: 'kR4t-9dQ2_vLm7Zp0sYb3Nw8' };
const ONLY = { publicKeys: undefined, s3Secrets: undefined };

/** What a location of the emulator's provider hands the browser for `key`, valid for `seconds` from the harness clock. */
function signed(target: AccelTarget, h: Harness, key: string, seconds = 60, extra: { method?: 'GET' | 'HEAD'; clientIp?: string } = {}): TargetSignResult {
  const input = { key, query: '', expiresAt: Math.floor(h.clock.now / 1000) + seconds, method: extra.method ?? 'GET', nowMs: h.clock.now, ...(extra.clientIp === undefined ? {} : { clientIp: extra.clientIp }) };
  return target.sign(input) as TargetSignResult;
}

/** The URL with one character of its signature changed. */
function tamper(url: string, parameter: RegExp): string {
  return url.replace(parameter, (match) => match.slice(0, -1) + (match.endsWith('A') ? 'B' : 'A'));
}

describe('dev-cdn playing the other providers', () => {
  describe('Google Cloud CDN (googleCdn)', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ ...ONLY, googleCdn: CDN_KEY });
    });
    after(async () => h.close());
    const location = (mode: 'redirect' | 'cookies' = 'redirect') => googleCdn({ url: h.cdn.url, ...CDN_KEY, mode });

    it('serves what googleCdn() signs: a URL, and a folder cookie for every file under the folder', async () => {
      const { url } = signed(location(), h, 'books/moby dick.pdf');
      const ok = await rawRequest(h.cdn.port, targetOf(url));
      expect(ok.status, ok.body.toString()).to.equal(200);
      expect(ok.body.equals(BOOK)).to.equal(true);
      const cookies = signed(location('cookies'), h, 'media/videos/42/index.m3u8');
      const cookie = cookies.setCookie![0]!.split(';')[0]!;
      expect((await rawRequest(h.cdn.port, targetOf(cookies.url), { headers: { cookie } })).status).to.equal(200);
    });

    it("refuses expired, tampered and out-of-scope requests with Cloud CDN's 403", async () => {
      const { url } = signed(location(), h, 'books/moby dick.pdf', 5);
      const tampered = await rawRequest(h.cdn.port, targetOf(tamper(url, /Signature=[^&=]+/)));
      expect(tampered.status).to.equal(403);
      expect(tampered.headers['x-dev-cdn-reason']).to.match(/^bad-signature/);
      expect(tampered.body.toString()).to.equal('403 Forbidden\n');
      const cookie = signed(location('cookies'), h, 'media/videos/42/index.m3u8').setCookie![0]!.split(';')[0]!;
      const outside = await rawRequest(h.cdn.port, '/books/moby%20dick.pdf', { headers: { cookie } });
      expect(outside.status).to.equal(403);
      expect(outside.headers['x-dev-cdn-reason']).to.match(/^out-of-scope/);
      expect((await rawRequest(h.cdn.port, '/books/moby%20dick.pdf')).headers['x-dev-cdn-reason']).to.match(/^unsigned/);
      h.clock.now += 6000;
      const expired = await rawRequest(h.cdn.port, targetOf(url));
      expect(expired.status).to.equal(403);
      expect(expired.headers['x-dev-cdn-reason']).to.match(/^expired/);
    });
  });

  describe('Google Cloud Storage (gcs)', () => {
    let h: Harness;
    const account = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const email = 'signer@dev-cdn-test.iam.gserviceaccount.com';
    before(async () => {
      h = await startHarness({ ...ONLY, gcs: { serviceAccounts: { [email]: account.publicKey }, hmacKeys: { [HMAC.accessId]: HMAC.secret } } });
    });
    after(async () => h.close());
    const location = () => gcs({ bucket: 'books', endpoint: h.cdn.url.replace(/\/$/, ''), serviceAccountKey: { type: 'service_account', client_email: email, private_key: account.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } });

    it('serves what gcs() signs (path style, /bucket/name), HEAD as HEAD, with the signed Content-Disposition', async () => {
      const { url } = gcs({ bucket: 'books', endpoint: h.cdn.url.replace(/\/$/, ''), hmacKey: HMAC }).sign({ key: 'moby dick.pdf', query: '', expiresAt: Math.floor(h.clock.now / 1000) + 60, method: 'GET', nowMs: h.clock.now, overrides: { contentDisposition: 'attachment; filename="Moby.pdf"' } }) as TargetSignResult;
      const ok = await rawRequest(h.cdn.port, targetOf(url));
      expect(ok.status, ok.body.toString()).to.equal(200);
      expect(ok.body.equals(BOOK)).to.equal(true);
      expect(ok.headers['content-disposition']).to.equal('attachment; filename="Moby.pdf"');
      const head = signed(location(), h, 'moby dick.pdf', 60, { method: 'HEAD' }).url;
      expect((await rawRequest(h.cdn.port, targetOf(head), { method: 'HEAD' })).status).to.equal(200);
    });

    it("refuses expired, tampered, other-method and other-object requests with Cloud Storage's XML codes", async () => {
      const { url } = signed(location(), h, 'moby dick.pdf', 5);
      const tampered = await rawRequest(h.cdn.port, targetOf(tamper(url, /X-Goog-Signature=[0-9a-f]+/)));
      expect(tampered.status).to.equal(403);
      expect(tampered.headers['content-type']).to.equal('application/xml');
      expect(tampered.body.toString()).to.contain('<Code>SignatureDoesNotMatch</Code>');
      expect((await rawRequest(h.cdn.port, targetOf(url), { method: 'HEAD' })).status).to.equal(403);
      const other = await rawRequest(h.cdn.port, targetOf(url).replace('moby%20dick.pdf', 'link.txt'));
      expect(other.body.toString()).to.contain('<Code>SignatureDoesNotMatch</Code>');
      h.clock.now += 6000;
      const expired = await rawRequest(h.cdn.port, targetOf(url));
      expect(expired.status).to.equal(400);
      expect(expired.body.toString()).to.contain('<Code>ExpiredToken</Code>');
    });
  });

  describe('bunny.net (bunny)', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ ...ONLY, bunny: { securityKey: BUNNY_KEY, country: 'DE' } });
    });
    after(async () => h.close());

    it('serves query tokens, and directory tokens for a folder (the playlist and what is under it)', async () => {
      const query = signed(bunny({ url: h.cdn.url, securityKey: BUNNY_KEY, countries: ['DE'] }), h, 'books/moby dick.pdf').url;
      const ok = await rawRequest(h.cdn.port, targetOf(query));
      expect(ok.status, ok.body.toString()).to.equal(200);
      expect(ok.body.equals(BOOK)).to.equal(true);
      const directory = signed(bunny({ url: h.cdn.url, securityKey: BUNNY_KEY, tokenIn: 'directory', scope: 'folder' }), h, 'media/videos/42/index.m3u8').url;
      const playlist = await rawRequest(h.cdn.port, targetOf(directory));
      expect(playlist.status).to.equal(200);
      expect(playlist.body.toString()).to.equal('#EXTM3U\n');
    });

    it("refuses expired, tampered, out-of-scope, other-country and other-address requests with bunny.net's 403", async () => {
      const target = bunny({ url: h.cdn.url, securityKey: BUNNY_KEY, tokenIn: 'directory', scope: 'folder' });
      const { url } = signed(target, h, 'media/videos/42/index.m3u8', 5);
      const tampered = await rawRequest(h.cdn.port, targetOf(url.replace('HS256-', 'HS256-A').replace(/HS256-A./, 'HS256-')));
      expect(tampered.status).to.equal(403);
      expect(tampered.body.toString()).to.equal('403 Forbidden\n');
      const outside = await rawRequest(h.cdn.port, targetOf(url).replace('/media/videos/42/index.m3u8', '/books/moby%20dick.pdf'));
      expect(outside.headers['x-dev-cdn-reason']).to.match(/^path-mismatch/);
      const france = signed(bunny({ url: h.cdn.url, securityKey: BUNNY_KEY, countries: ['FR'] }), h, 'books/moby dick.pdf').url;
      expect((await rawRequest(h.cdn.port, targetOf(france))).headers['x-dev-cdn-reason']).to.match(/^country-refused/);
      const locked = signed(bunny({ url: h.cdn.url, securityKey: BUNNY_KEY, ip: 'client' }), h, 'books/moby dick.pdf', 60, { clientIp: '203.0.113.7' }).url;
      expect((await rawRequest(h.cdn.port, targetOf(locked))).status).to.equal(403);
      h.clock.now += 6000;
      expect((await rawRequest(h.cdn.port, targetOf(url))).headers['x-dev-cdn-reason']).to.match(/^expired/);
    });
  });

  describe('Nginx secure_link (secureLink)', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ ...ONLY, secureLink: LINK });
    });
    after(async () => h.close());
    const location = () => secureLink({ url: h.cdn.url, ...LINK });

    it('serves what secureLink() links, bound to the client address ($remote_addr 127.0.0.1)', async () => {
      const ok = await rawRequest(h.cdn.port, targetOf(signed(location(), h, 'books/moby dick.pdf', 60, { clientIp: '127.0.0.1' }).url));
      expect(ok.status, ok.body.toString()).to.equal(200);
      expect(ok.body.equals(BOOK)).to.equal(true);
    });

    it("answers tampered, other-file and other-address links with Nginx's 403 page and expired links with its 410 page", async () => {
      const { url } = signed(location(), h, 'books/moby dick.pdf', 5, { clientIp: '127.0.0.1' });
      const tampered = await rawRequest(h.cdn.port, targetOf(tamper(url, /md5=[\w-]{21}/)));
      expect(tampered.status).to.equal(403);
      expect(tampered.headers['content-type']).to.equal('text/html');
      expect(tampered.body.toString()).to.equal('<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
      expect((await rawRequest(h.cdn.port, targetOf(url).replace('moby%20dick.pdf', 'link.txt'))).status).to.equal(403);
      const elsewhere = signed(location(), h, 'books/moby dick.pdf', 60, { clientIp: '203.0.113.7' }).url;
      expect((await rawRequest(h.cdn.port, targetOf(elsewhere))).status).to.equal(403);
      h.clock.now += 6000;
      const expired = await rawRequest(h.cdn.port, targetOf(url));
      expect(expired.status).to.equal(410);
      expect(expired.body.toString()).to.contain('<title>410 Gone</title>');
    });
  });

  it('plays one provider at a time: two are a config error', () => {
    const error = (() => {
      try {
        createDevCdn({ root: tmpdir(), publicKeys: {}, bunny: { securityKey: BUNNY_KEY } });
      } catch (caught) {
        return caught as { code: string; message: string };
      }
      throw new Error('no error');
    })();
    expect(error.code).to.equal('ERR_ACCEL_CONFIG');
    expect(error.message).to.contain('publicKeys/s3Secrets and bunny: the emulator plays one provider at a time');
  });

  it('accepts a Cloud CDN URL-prefix signature for a file under the prefix', async () => {
    const h = await startHarness({ ...ONLY, googleCdn: CDN_KEY });
    try {
      const prefix = createGoogleCdnSigner({ ...CDN_KEY, now: () => h.clock.now }).signUrlPrefix(`${h.cdn.url}books/moby%20dick.pdf`, `${h.cdn.url}books/`, { expiresIn: 60 });
      expect((await rawRequest(h.cdn.port, targetOf(prefix))).status).to.equal(200);
    } finally {
      await h.close();
    }
  });
});
