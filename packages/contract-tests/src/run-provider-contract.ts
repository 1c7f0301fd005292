import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import {
  bunny, createAccel, createGcsVerifier, createGoogleCdnVerifier, createSecureLinkVerifier, gcs, googleCdn, secureLink, verifyBunnyUrl,
  type AccelOptions,
} from '@cdn-accel/core';
import type { AppHandler, AppResponse, ContractDriver, RunningApp } from './driver.js';
import { recordingLogger, rsaKeys } from './fixtures.js';
import { accelHeadersIn, send, sendForBytes, type BytesResponse, type ClientResponse } from './http-client.js';
import { objectHandler, startServer, type TestServer } from './origin-server.js';

// Test keys of each scheme; none of them is used anywhere else.
const CDN_KEYS = [{ keyName: 'key-2026', key: 'nZtRohdNF9m3cKM24IcK4w==' }, { keyName: 'key-2025', key: 'aGVsbG8td29ybGQtMTIzNA==' }];
const SERVICE_ACCOUNT = 'signer@contract-test.iam.gserviceaccount.com';
const HMAC_KEY = { accessId: 'GOOG1ECONTRACTTEST', secret: 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ' };
const BUNNY_KEY = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const LINK_SECRET = 'kR4t-9dQ2_vLm7Zp0sYb3Nw8';
const BOUND_LINK = { secureLinkMd5: '$secure_link_expires$uri$remote_addr $secret', secret: LINK_SECRET };
const PLAIN_LINK = { secureLinkMd5: '$secure_link_expires$uri $secret', secret: LINK_SECRET };
const OBJECT = Buffer.from('abcdefghij'.repeat(50));

function serviceAccountKey() {
  const privateKey = rsaKeys().privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { type: 'service_account', client_email: SERVICE_ACCOUNT, private_key: privateKey };
}

/** Redirect locations on made-up CDN hosts, and stream locations against the local origin `cdn`. */
function providerLocations(cdn: string): AccelOptions['locations'] {
  return {
    '/gcdn/': googleCdn({ url: 'https://media.example.com/', keys: CDN_KEYS, activeKeyName: 'key-2026' }),
    '/gcdn-hls/': googleCdn({ url: 'https://video.example.com/hls/', keyName: 'key-2026', key: CDN_KEYS[0]!.key, mode: 'cookies' }),
    '/gcs/': gcs({ bucket: 'acme-media', prefix: 'pdf/', serviceAccountKey: serviceAccountKey() }),
    '/bunny/': bunny({ url: 'https://myzone.b-cdn.net/', securityKey: BUNNY_KEY, tokenIn: 'directory', scope: 'folder' }),
    '/bunny-ip/': bunny({ url: 'https://myzone.b-cdn.net/ip/', securityKey: BUNNY_KEY, ip: 'client' }),
    '/nginx/': secureLink({ url: 'https://files.example.com/protected/', ...BOUND_LINK }),
    '/stream/gcdn/': googleCdn({ url: `${cdn}/gcdn/`, keyName: 'key-2026', key: CDN_KEYS[0]!.key, mode: 'stream' }),
    '/stream/gcs/': gcs({ bucket: 'acme-media', endpoint: cdn, hmacKey: HMAC_KEY, mode: 'stream' }),
    '/stream/bunny/': bunny({ url: `${cdn}/bunny/`, securityKey: BUNNY_KEY, mode: 'stream' }),
    '/stream/nginx/': secureLink({ url: `${cdn}/nginx/`, ...PLAIN_LINK, mode: 'stream' }),
  };
}

/** The app answers `/<location>/<key>[?query]` with X-Accel-Redirect to that path and query, a download name and a cookie. */
const app: AppHandler = (request): AppResponse => {
  const path = new URL(request.url, 'http://x').pathname;
  return {
    headers: [['X-Accel-Redirect', request.url], ['Content-Disposition', `attachment; filename="${path.split('/').pop()}"`], ['Set-Cookie', 'seen=1']],
    body: 'app body, never sent',
  };
};

function header(response: ClientResponse | BytesResponse, name: string): string {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join('\n') : (value ?? '');
}

function setCookies(response: ClientResponse): string[] {
  const value = response.headers['set-cookie'];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function completed(reply: BytesResponse | 'cut'): BytesResponse {
  if (reply === 'cut') throw new Error('the connection was cut');
  return reply;
}

/**
 * The Google Cloud CDN, Cloud Storage, bunny.net and Nginx secure_link locations through `driver`: each redirect
 * is accepted by the provider's own verifier, Cloud CDN's cookie covers the folder, and stream mode fetches a URL
 * the provider accepts from a local HTTP origin. Declares its own `describe` block.
 */
export function runProviderContract(driver: ContractDriver): void {
  describe(`cdn-accel providers: ${driver.name}`, () => {
    let cdn: TestServer;
    let front: RunningApp;
    const googleCdnVerifier = createGoogleCdnVerifier({ keys: CDN_KEYS });
    const gcsVerifier = () => createGcsVerifier({ serviceAccounts: { [SERVICE_ACCOUNT]: rsaKeys().publicKey }, hmacKeys: { [HMAC_KEY.accessId]: HMAC_KEY.secret } });
    const lastOriginRequest = (): IncomingMessage => cdn.requests[cdn.requests.length - 1] as IncomingMessage;

    before(async () => {
      cdn = await startServer(objectHandler({ '/gcdn/books/a.bin': OBJECT, '/acme-media/books/a.bin': OBJECT, '/bunny/books/a.bin': OBJECT, '/nginx/books/a.bin': OBJECT }));
      const accel = createAccel({ locations: providerLocations(cdn.url), logger: recordingLogger() });
      await accel.ready();
      front = await driver.start({ accel, app });
    });
    after(async () => {
      await front?.close();
      await cdn?.close();
    });

    it('Cloud CDN: a 302 to a URL signed by the active key that Cloud CDN accepts, the app cookie kept, nothing cacheable', async () => {
      const response = await send(front.url, '/gcdn/books/moby%20dick.pdf');
      expect(response.status).to.equal(302);
      const location = header(response, 'location');
      expect(location).to.match(/^https:\/\/media\.example\.com\/books\/moby%20dick\.pdf\?Expires=\d+&KeyName=key-2026&Signature=/);
      expect(googleCdnVerifier.verify({ url: location })).to.include({ ok: true, form: 'url', keyName: 'key-2026' });
      expect(header(response, 'cache-control')).to.equal('private, no-store');
      expect(setCookies(response)).to.deep.equal(['seen=1']);
      expect(response.body).to.equal('');
      expect(accelHeadersIn(response.headers)).to.deep.equal([]);
    });

    it("Cloud CDN cookie mode: a Cloud-CDN-Cookie for the object's folder and a redirect to the unsigned URL", async () => {
      const response = await send(front.url, '/gcdn-hls/show/42/master.m3u8');
      expect(response.status).to.equal(302);
      expect(header(response, 'location')).to.equal('https://video.example.com/hls/show/42/master.m3u8');
      const [appCookie, signed] = setCookies(response);
      expect(appCookie).to.equal('seen=1');
      expect(signed).to.match(/^Cloud-CDN-Cookie=URLPrefix=[\w-]+=*:Expires=\d+:KeyName=key-2026:Signature=[\w-]+=; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
      const cookie = signed!.split(';')[0];
      for (const file of ['master.m3u8', '720p/seg-001.ts']) {
        expect(googleCdnVerifier.verify({ url: `https://video.example.com/hls/show/42/${file}`, cookie })).to.include({ ok: true, form: 'cookie' });
      }
      expect(googleCdnVerifier.verify({ url: 'https://video.example.com/hls/show/43/master.m3u8', cookie })).to.include({ ok: false, reason: 'out-of-scope' });
    });

    it('Cloud Storage: GET and HEAD each signed for their own method, with the app Content-Disposition signed in', async () => {
      for (const method of ['GET', 'HEAD']) {
        const response = await send(front.url, '/gcs/2026/q1 report.pdf', { method });
        expect(response.status).to.equal(302);
        const location = new URL(header(response, 'location'));
        expect(location.pathname).to.equal('/acme-media/pdf/2026/q1%20report.pdf');
        const received = { url: location.pathname + location.search, host: location.host };
        expect(gcsVerifier().verify({ method, ...received })).to.deep.include({ ok: true, key: 'pdf/2026/q1 report.pdf', responseHeaders: { 'content-disposition': 'attachment; filename="q1%20report.pdf"' } });
        expect(gcsVerifier().verify({ method: method === 'GET' ? 'HEAD' : 'GET', ...received })).to.include({ ok: false, code: 'SignatureDoesNotMatch' });
      }
    });

    it('bunny.net: a directory token for the folder, so the relative segment URLs of a playlist carry it', async () => {
      const response = await send(front.url, '/bunny/show/42/master.m3u8');
      expect(response.status).to.equal(302);
      const location = header(response, 'location');
      expect(location).to.match(/^https:\/\/myzone\.b-cdn\.net\/bcdn_token=HS256-[\w-]+&token_path=%2Fshow%2F42%2F&expires=\d+\/show\/42\/master\.m3u8$/);
      expect(verifyBunnyUrl(location, { securityKey: BUNNY_KEY })).to.include({ ok: true, form: 'directory' });
      expect(verifyBunnyUrl(new URL('720p/seg-001.ts', location).href, { securityKey: BUNNY_KEY })).to.include({ ok: true });
    });

    it("bunny.net with ip: 'client' and secure_link with $remote_addr bind the URL to the client's IPv4 address", async function () {
      if (driver.skip?.clientIpBinding !== undefined) this.skip();
      const token = header(await send(front.url, '/bunny-ip/a.mp4'), 'location');
      expect(verifyBunnyUrl(token, { securityKey: BUNNY_KEY, clientIp: '127.0.0.1' })).to.include({ ok: true, ipLocked: true });
      expect(verifyBunnyUrl(token, { securityKey: BUNNY_KEY, clientIp: '10.0.0.1' })).to.include({ ok: false });
      const link = header(await send(front.url, '/nginx/books/a.pdf'), 'location');
      expect(link).to.match(/^https:\/\/files\.example\.com\/protected\/books\/a\.pdf\?md5=[\w-]{22}&expires=\d+$/);
      const verifier = createSecureLinkVerifier(BOUND_LINK);
      expect(verifier.verify(link, { remoteAddr: '127.0.0.1' })).to.include({ ok: true });
      expect(verifier.verify(link, { remoteAddr: '10.0.0.1' })).to.include({ ok: false, status: 403 });
    });

    // SECURITY: the app's query must not carry the provider's own signing parameters into the signed URL.
    for (const hostile of ['/gcdn/a.pdf?Expires=9999999999&KeyName=key-2026&Signature=forged', '/bunny/a.mp4?token=forged', '/nginx/a.pdf?md5=forged&expires=9999999999', '/gcdn-hls/a.m3u8?Signature=forged']) {
      it(`refuses the provider's signing parameters in the app's query with 404 (${hostile})`, async () => {
        const refused = await send(front.url, hostile);
        expect(refused.status).to.equal(404);
        expect(refused.headers.location).to.equal(undefined);
        expect(refused.body).not.to.include('forged');
      });
    }

    it('stream mode fetches URLs each provider accepts from the origin, and sends the bytes with the app headers', async () => {
      const cases: Array<[string, (request: IncomingMessage) => boolean]> = [
        ['/stream/gcdn/books/a.bin', (request) => googleCdnVerifier.verify({ url: `${cdn.url}${request.url}` }).ok],
        ['/stream/gcs/books/a.bin', (request) => gcsVerifier().verify({ method: request.method ?? 'GET', url: request.url ?? '', host: request.headers.host ?? '' }).ok],
        ['/stream/bunny/books/a.bin', (request) => verifyBunnyUrl(`${cdn.url}${request.url}`, { securityKey: BUNNY_KEY }).ok],
        ['/stream/nginx/books/a.bin', (request) => createSecureLinkVerifier(PLAIN_LINK).verify(`${cdn.url}${request.url}`).ok],
      ];
      for (const [path, accepted] of cases) {
        const reply = completed(await sendForBytes(front.url, path, { headers: { Cookie: 'sid=secret' } }));
        expect(reply.status, path).to.equal(200);
        expect(reply.body.equals(OBJECT), path).to.equal(true);
        expect(header(reply, 'content-disposition')).to.equal('attachment; filename="a.bin"');
        expect(reply.headers['set-cookie']).to.deep.equal(['seen=1']);
        expect(reply.headers.location).to.equal(undefined);
        expect(JSON.stringify(reply.headers)).not.to.include(`127.0.0.1:${cdn.port}`);
        const fetched = lastOriginRequest();
        expect(accepted(fetched), `${path} → ${fetched.url}`).to.equal(true);
        expect(fetched.headers.cookie).to.equal(undefined);
      }
    });

    it('stream mode answers a HEAD with a HEAD signed for HEAD (Cloud Storage) and passes Range on', async () => {
      const head = completed(await sendForBytes(front.url, '/stream/gcs/books/a.bin', { method: 'HEAD' }));
      expect(head.status).to.equal(200);
      expect(head.headers['content-length']).to.equal(String(OBJECT.length));
      const fetched = lastOriginRequest();
      expect(fetched.method).to.equal('HEAD');
      expect(gcsVerifier().verify({ method: 'HEAD', url: fetched.url ?? '', host: fetched.headers.host ?? '' }).ok).to.equal(true);
      const part = completed(await sendForBytes(front.url, '/stream/bunny/books/a.bin', { headers: { Range: 'bytes=10-19' } }));
      expect(part.status).to.equal(206);
      expect(part.body.toString()).to.equal('abcdefghij');
    });
  });
}
