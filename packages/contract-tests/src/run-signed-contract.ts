import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccel, createS3Presigner, signed, type S3Presigner } from '@cdn-accel/core';
import { createDevCdn } from '@cdn-accel/dev-cdn';
import type { AppHandler, AppResponse, ContractDriver, RunningApp } from './driver.js';
import { recordingLogger } from './fixtures.js';
import { accelHeadersIn, send, sendForBytes, type BytesResponse } from './http-client.js';
import { startServer, type TestServer } from './origin-server.js';

const CREDENTIALS = { accessKeyId: 'AKIDSIGNEDCONTRACT', secretAccessKey: 'signed-contract-secret' };
const BUCKET = 'acme-uploads';
const OBJECTS = new Map<string, Buffer>([
  ['2/ab/a.bin', Buffer.from('0123456789'.repeat(100))],
  ['2/ab/moby dick+é.pdf', Buffer.from('%PDF-1.7 a book with an awkward name\n')],
]);

function completed(reply: BytesResponse | 'cut'): BytesResponse {
  if (reply === 'cut') throw new Error('the connection was cut');
  return reply;
}

/** The internal prefix of each mode the test app answers with: Zulip's host form, and GOV.UK's URL form (`url-…`). */
const PREFIXES = { redirect: '/internal/s3/', stream: '/internal/s3-stream/', url: '/cloud-storage-proxy/', 'url-stream': '/cloud-storage-proxy-stream/' } as const;
type AppMode = keyof typeof PREFIXES;

/**
 * What Zulip's `serve_s3` does: presign the object's URL (for the request's method unless `sign` says otherwise), then
 * answer `X-Accel-Redirect: /internal/s3/<host><quote(path)>?<query>`: the path escaped once more, since Nginx
 * decodes the internal path once. The `url` modes answer as GOV.UK's asset manager does, with the URL's scheme
 * after the prefix (`/cloud-storage-proxy/http://<host>…`). `as` replaces the host in the header, `scheme` the
 * `http://` (the hostile cases).
 */
function zulipApp(presigner: () => S3Presigner, signedUrls: string[]): AppHandler {
  return (request): AppResponse => {
    const url = new URL(request.url, 'http://x');
    const [, , mode = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const method = (url.searchParams.get('sign') ?? request.method) === 'HEAD' ? 'HEAD' : 'GET';
    const object = new URL(presigner().presignSync({ bucket: BUCKET, key, method, expiresIn: 60 }));
    signedUrls.push(object.href);
    const host = url.searchParams.get('as') ?? object.host;
    const quoted = object.pathname.split('/').map(encodeURIComponent).join('/');
    const form = mode in PREFIXES ? (mode as AppMode) : 'redirect';
    const scheme = form.startsWith('url') ? (url.searchParams.get('scheme') ?? 'http://') : '';
    return {
      headers: [
        ['X-Accel-Redirect', `${PREFIXES[form]}${scheme}${host}${quoted}${object.search}`],
        ['Content-Disposition', `attachment; filename="${key.split('/').pop()?.replace(/[^\x20-\x7e]|"/g, '_')}"`],
        ['Cache-Control', 'private, immutable'],
        ['Set-Cookie', 'seen=1'],
      ],
      body: 'app body, never sent',
    };
  };
}

/**
 * `signed()` locations through `driver`, against the local emulator playing S3 (with S3's own `x-amz-*` response
 * headers added): the app presigns and sends Zulip's header; redirect and stream mode reach the object with the
 * app's signature intact, and hosts off the allow-list are refused without a request. Declares its own `describe` block.
 */
export function runSignedContract(driver: ContractDriver): void {
  describe(`cdn-accel signed(): ${driver.name}`, () => {
    let root: string;
    let cdn: TestServer;
    let front: RunningApp;
    let presigner: S3Presigner;
    const signedUrls: string[] = [];
    const path = (mode: AppMode, key: string, query = '') => `/dl/${mode}/${key.split('/').map(encodeURIComponent).join('/')}${query}`;

    before(async () => {
      root = mkdtempSync(join(tmpdir(), 'cdn-accel-signed-'));
      for (const [key, bytes] of OBJECTS) {
        mkdirSync(join(root, BUCKET, key, '..'), { recursive: true });
        writeFileSync(join(root, BUCKET, key), bytes);
      }
      const emulator = createDevCdn({ root, s3Secrets: { [CREDENTIALS.accessKeyId]: CREDENTIALS.secretAccessKey } });
      cdn = await startServer((req, res) => {
        res.setHeader('x-amz-request-id', 'R1D2');
        res.setHeader('x-amz-id-2', 'origin-host-id');
        emulator.handle(req, res);
      });
      presigner = createS3Presigner({ region: 'us-east-1', endpoint: cdn.url, forcePathStyle: true, credentials: CREDENTIALS });
      const hosts = [`127.0.0.1:${cdn.port}`];
      const accel = createAccel({
        locations: {
          '/internal/s3/': signed({ hosts, protocol: 'http' }),
          '/internal/s3-stream/': signed({ hosts, protocol: 'http', mode: 'stream' }),
          '/cloud-storage-proxy/': signed({ hosts, protocol: 'http', form: 'url' }),
          '/cloud-storage-proxy-stream/': signed({ hosts, protocol: 'http', form: 'url', mode: 'stream' }),
        },
        logger: recordingLogger(),
      });
      front = await driver.start({ accel, app: zulipApp(() => presigner, signedUrls) });
    });
    after(async () => {
      await front?.close();
      await cdn?.close();
      presigner?.close();
      if (root !== undefined) rmSync(root, { recursive: true, force: true });
    });

    it("redirect: a 302 to the very URL the app presigned, which the emulator serves; nothing cacheable, the app's cookie kept", async () => {
      for (const [key, bytes] of OBJECTS) {
        const response = await send(front.url, path('redirect', key));
        expect(response.status, key).to.equal(302);
        const location = response.headers.location as string;
        expect(location).to.equal(signedUrls.at(-1));
        expect(response.headers['cache-control']).to.equal('private, no-store');
        expect(response.headers['set-cookie']).to.deep.equal(['seen=1']);
        expect(accelHeadersIn(response.headers)).to.deep.equal([]);
        const object = completed(await sendForBytes(cdn.url, location.slice(cdn.url.length)));
        expect(object.status, key).to.equal(200);
        expect(object.body.equals(bytes), key).to.equal(true);
      }
    });

    it("stream: the object's bytes from the app's URL, with the app's Content-Disposition and Cache-Control, no X-Amz-* header, no client Cookie to S3", async () => {
      for (const [key, bytes] of OBJECTS) {
        const seen = cdn.requests.length;
        const reply = completed(await sendForBytes(front.url, path('stream', key), { headers: { Cookie: 'sid=secret', Authorization: 'Bearer app' } }));
        expect(reply.status, key).to.equal(200);
        expect(reply.body.equals(bytes), key).to.equal(true);
        expect(reply.headers['content-disposition']).to.match(/^attachment; filename="/);
        expect(reply.headers['cache-control']).to.equal('private, immutable');
        expect(reply.headers['set-cookie']).to.deep.equal(['seen=1']);
        expect(reply.headers.location).to.equal(undefined);
        expect(Object.keys(reply.headers).filter((name) => name.startsWith('x-amz-'))).to.deep.equal([]);
        expect(cdn.requests.length).to.equal(seen + 1);
        const fetched = cdn.requests.at(-1);
        expect(`${cdn.url}${fetched?.url}`).to.equal(signedUrls.at(-1));
        expect(fetched?.headers.cookie).to.equal(undefined);
        expect(fetched?.headers.authorization).to.equal(undefined);
      }
    });

    it('stream: a Range gives 206 and the slice; a HEAD the app signed for HEAD gives the length and no body', async () => {
      const bytes = OBJECTS.get('2/ab/a.bin') as Buffer;
      const part = completed(await sendForBytes(front.url, path('stream', '2/ab/a.bin'), { headers: { Range: 'bytes=10-19' } }));
      expect(part.status).to.equal(206);
      expect(part.headers['content-range']).to.equal(`bytes 10-19/${bytes.length}`);
      expect(part.body.equals(bytes.subarray(10, 20))).to.equal(true);
      const head = completed(await sendForBytes(front.url, path('stream', '2/ab/a.bin'), { method: 'HEAD' }));
      expect(head.status).to.equal(200);
      expect(head.headers['content-length']).to.equal(String(bytes.length));
      expect(head.body.length).to.equal(0);
      expect(cdn.requests.at(-1)?.method).to.equal('HEAD');
    });

    it('a HEAD on a URL the app signed for GET: S3 refuses it, so stream mode answers 502 and redirect mode sends the browser to that URL', async () => {
      const refused = completed(await sendForBytes(front.url, path('stream', '2/ab/a.bin', '?sign=GET'), { method: 'HEAD' }));
      expect(refused.status).to.equal(502);
      expect(cdn.requests.at(-1)?.method).to.equal('HEAD');
      const redirect = await send(front.url, path('redirect', '2/ab/a.bin', '?sign=GET'), { method: 'HEAD' });
      expect(redirect.status).to.equal(302);
      expect(redirect.headers.location).to.equal(signedUrls.at(-1));
      expect(completed(await sendForBytes(cdn.url, (redirect.headers.location as string).slice(cdn.url.length), { method: 'HEAD' })).status).to.equal(403);
    });

    // SECURITY: the SSRF boundary end to end: each of these names the emulator (or another local server) in another way.
    it('refuses every host off the allow-list with a 404, and sends no request anywhere', async () => {
      const port = cdn.port;
      const hostile = [`localhost:${port}`, `2130706433:${port}`, `0x7f.1:${port}`, `127.1:${port}`, `0177.0.0.1:${port}`, `[::1]:${port}`, `[::ffff:127.0.0.1]:${port}`,
        `127.0.0.1:${port}.`, `127.0.0.1:${port + 1}`, '127.0.0.1', `a@127.0.0.1:${port}`, `127.0.0.1:${port}@localhost`, `localhost%2F@127.0.0.1:${port}`, `127.0.0.1%253A${port}`];
      for (const mode of ['redirect', 'stream'] as const) {
        for (const host of hostile) {
          const seen = cdn.requests.length;
          const response = await send(front.url, path(mode, '2/ab/a.bin', `?as=${encodeURIComponent(host)}`));
          expect(response.status, `${mode} ${host}`).to.equal(404);
          expect(response.headers.location, host).to.equal(undefined);
          expect(response.body, host).not.to.include('X-Amz');
          expect(cdn.requests.length, `${mode} ${host} reached the origin`).to.equal(seen);
        }
      }
    });

    it("GOV.UK's URL form (<prefix>http://<host>/<path>): redirect to the app's URL, or stream its bytes", async () => {
      for (const [key, bytes] of OBJECTS) {
        const response = await send(front.url, path('url', key));
        expect(response.status, key).to.equal(302);
        expect(response.headers.location, key).to.equal(signedUrls.at(-1));
        const reply = completed(await sendForBytes(front.url, path('url-stream', key)));
        expect(reply.status, key).to.equal(200);
        expect(reply.body.equals(bytes), key).to.equal(true);
        expect(`${cdn.url}${cdn.requests.at(-1)?.url}`).to.equal(signedUrls.at(-1));
      }
    });

    // SECURITY: the same boundary in the URL form, plus every other spelling of the scheme.
    it('refuses, in the URL form, hosts off the allow-list and any scheme but the exact http://, and sends no request anywhere', async () => {
      const port = cdn.port;
      const cases = [
        ...[`localhost:${port}`, `2130706433:${port}`, `a@127.0.0.1:${port}`, `127.0.0.1:${port}@localhost`, `127.0.0.1:${port + 1}`, `localhost%2F@127.0.0.1:${port}`].map((host) => `?as=${encodeURIComponent(host)}`),
        ...['https://', 'HTTP://', 'Http://', 'http:/', 'http:///', 'http:%2F%2F', 'http%3A//', 'javascript://', 'file://', '//', ''].map((scheme) => `?scheme=${encodeURIComponent(scheme)}`),
      ];
      for (const mode of ['url', 'url-stream'] as const) {
        for (const query of cases) {
          const seen = cdn.requests.length;
          const response = await send(front.url, path(mode, '2/ab/a.bin', query));
          expect(response.status, `${mode} ${query}`).to.equal(404);
          expect(response.headers.location, query).to.equal(undefined);
          expect(cdn.requests.length, `${mode} ${query} reached the origin`).to.equal(seen);
        }
      }
    });
  });
}
