import { expect } from 'chai';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { cloudfront, createAccel, verifyCloudFrontUrl } from '@cdn-accel/core';
import type { AppHandler, AppResponse, ContractDriver, RunningApp } from './driver.js';
import { KEY_PAIR_ID, recordingLogger, rsaKeys } from './fixtures.js';
import { abandonAfterFirstBytes, accelHeadersIn, sendForBytes, type BytesResponse } from './http-client.js';
import { objectHandler, startServer, type TestServer } from './origin-server.js';

const OBJECT = Buffer.from('0123456789'.repeat(100));

/** The object server, plus an origin that resets mid-body and one whose body never ends. */
function origin(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/reset.bin') {
    res.writeHead(200, { 'Content-Length': '100000' });
    res.write('partial');
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  if (path === '/endless.bin') {
    res.writeHead(200, { 'Content-Length': '100000000' });
    res.write(Buffer.alloc(16 * 1024));
    return;
  }
  if (path === '/chunked-reset.bin') {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.write('partial');
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  if (path === '/chunked.bin') {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(OBJECT);
    return;
  }
  objectHandler({ '/books/a.bin': OBJECT })(req, res);
}

/** The app answers `/<location>/<key>` with X-Accel-Redirect to that path, a download name, a cookie and a body. */
const app: AppHandler = (request): AppResponse => {
  const url = new URL(request.url, 'http://x');
  const headers: Array<[string, string]> = [
    ['X-Accel-Redirect', url.pathname],
    ['Content-Disposition', `attachment; filename="${url.pathname.split('/').pop()}"`],
    ['Set-Cookie', 'seen=1'],
  ];
  const rate = url.searchParams.get('rate');
  if (rate !== null) headers.push(['X-Accel-Limit-Rate', rate]);
  if (url.searchParams.has('trailers')) {
    headers.push(['Trailer', 'Server-Timing, X-Accel-Redirect']);
    return { headers, body: Readable.from([Buffer.from('app body, never sent')]), trailers: [['Server-Timing', 'app;dur=5'], ['X-Accel-Redirect', '/media/secret.bin']] };
  }
  return { headers, body: 'app body, never sent' };
};

function completed(reply: BytesResponse | 'cut'): BytesResponse {
  if (reply === 'cut') throw new Error('the connection was cut');
  return reply;
}

/**
 * `Connection: keep-alive` for an HTTP/1.1 front end, on whose kept-alive connection Node frames a body of unknown
 * length as chunks; nothing for HTTP/2, which has no such header and always frames.
 */
function keptAlive(base: string): Record<string, string> {
  return base.startsWith('http:') ? { Connection: 'keep-alive' } : {};
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Stream mode (`mode: 'stream'`) through `driver`: the object is fetched from the signed URL and sent as the
 * response, against a local HTTP origin. Declares its own `describe` block.
 */
export function runStreamContract(driver: ContractDriver): void {
  describe(`cdn-accel stream mode: ${driver.name} (local HTTP origin)`, () => {
    let cdn: TestServer;
    let unreachable: string;
    let front: RunningApp;

    before(async () => {
      cdn = await startServer(origin);
      const gone = await startServer(() => {});
      unreachable = gone.url;
      await gone.close();
      const { privateKey } = rsaKeys();
      const accel = createAccel({
        locations: {
          '/media/': cloudfront({ url: `${cdn.url}/`, keyPairId: KEY_PAIR_ID, privateKey, mode: 'stream' }),
          '/gone/': cloudfront({ url: `${unreachable}/`, keyPairId: KEY_PAIR_ID, privateKey, mode: 'stream' }),
        },
        logger: recordingLogger(),
      });
      await accel.ready();
      front = await driver.start({ accel, app });
    });

    after(async () => {
      await front?.close();
      await cdn?.close();
    });

    it('streams the object with its headers, never showing the origin; the app’s Content-Disposition and Set-Cookie survive', async () => {
      const reply = completed(await sendForBytes(front.url, '/media/books/a.bin', { headers: { Cookie: 'sid=secret', Authorization: 'Basic eA==' } }));
      expect(reply.status).to.equal(200);
      expect(reply.body.equals(OBJECT)).to.equal(true);
      expect(reply.headers['content-length']).to.equal(String(OBJECT.length));
      expect(reply.headers.etag).to.equal('"v1"');
      expect(reply.headers['content-disposition']).to.equal('attachment; filename="a.bin"');
      expect(reply.headers['set-cookie']).to.deep.equal(['seen=1']);
      expect(reply.headers['x-amz-request-id']).to.equal(undefined);
      expect(reply.headers['x-amz-id-2']).to.equal(undefined);
      expect(reply.headers.location).to.equal(undefined);
      expect(accelHeadersIn(reply.headers)).to.deep.equal([]);
      expect(JSON.stringify(reply.headers)).not.to.include(`127.0.0.1:${cdn.port}`);
      const fetched = cdn.requests[cdn.requests.length - 1];
      expect(fetched?.url).to.match(/^\/books\/a\.bin\?Expires=\d+&.*Signature=/);
      expect(verifyCloudFrontUrl(`${cdn.url}${fetched?.url}`, { publicKeys: { [KEY_PAIR_ID]: rsaKeys().publicKey } }).ok).to.equal(true);
      // SECURITY: the client's credentials for the app never reach the CDN.
      expect(fetched?.headers.cookie).to.equal(undefined);
      expect(fetched?.headers.authorization).to.equal(undefined);
    });

    it("SECURITY: sends none of the app's trailers after the object, even when the object comes chunked", async () => {
      // Kept alive, the body of unknown length goes out in chunks, the only framing that carries trailers.
      const reply = completed(await sendForBytes(front.url, '/media/chunked.bin?trailers', { headers: keptAlive(front.url) }));
      expect(reply.status).to.equal(200);
      expect(reply.headers['content-length']).to.equal(undefined);
      if (front.url.startsWith('http:')) expect(reply.headers['transfer-encoding']).to.equal('chunked');
      expect(reply.body).to.deep.equal(OBJECT);
      expect(reply.trailers).to.deep.equal({});
      expect(reply.headers.trailer).to.equal(undefined);
    });

    it('forwards Range (206, and 416 past the end) and If-None-Match (304)', async () => {
      const part = completed(await sendForBytes(front.url, '/media/books/a.bin', { headers: { Range: 'bytes=10-19' } }));
      expect(part.status).to.equal(206);
      expect(part.headers['content-range']).to.equal(`bytes 10-19/${OBJECT.length}`);
      expect(part.body.toString()).to.equal('0123456789');
      const past = completed(await sendForBytes(front.url, '/media/books/a.bin', { headers: { Range: 'bytes=5000-5009' } }));
      expect(past.status).to.equal(416);
      const cached = completed(await sendForBytes(front.url, '/media/books/a.bin', { headers: { 'If-None-Match': '"v1"' } }));
      expect(cached.status).to.equal(304);
      expect(cached.body.length).to.equal(0);
    });

    it('answers HEAD with the length and no body, fetching with HEAD', async () => {
      const head = completed(await sendForBytes(front.url, '/media/books/a.bin', { method: 'HEAD' }));
      expect(head.status).to.equal(200);
      expect(head.headers['content-length']).to.equal(String(OBJECT.length));
      expect(head.body.length).to.equal(0);
      expect(cdn.requests[cdn.requests.length - 1]?.method).to.equal('HEAD');
    });

    it('answers 404 for a missing object, without the origin’s body', async () => {
      const missing = completed(await sendForBytes(front.url, '/media/books/missing.bin'));
      expect(missing.status).to.equal(404);
      expect(missing.body.toString()).not.to.include('NoSuchKey');
      expect(missing.body.toString()).not.to.include('app body');
    });

    it('answers 502 when the origin cannot be reached, without naming it', async () => {
      const refused = completed(await sendForBytes(front.url, '/gone/x.bin'));
      expect(refused.status).to.equal(502);
      expect(refused.body.toString()).not.to.include(new URL(unreachable).host);
      expect(refused.headers['content-disposition']).to.equal(undefined);
      expect(accelHeadersIn(refused.headers)).to.deep.equal([]);
    });

    it('throttles to X-Accel-Limit-Rate', async () => {
      const started = Date.now();
      const reply = completed(await sendForBytes(front.url, '/media/books/a.bin?rate=2000'));
      expect(reply.body.equals(OBJECT)).to.equal(true);
      expect(Date.now() - started).to.be.at.least(400);
    });

    it('cuts the client when the origin resets mid-body', async () => {
      expect(await within(sendForBytes(front.url, '/media/reset.bin'), 3000, 'the client connection should be cut')).to.equal('cut');
    });

    it('SECURITY: cuts the client when an object of unknown length breaks off: its end is never framed as the whole', async () => {
      // Kept alive, as browsers ask: a body that ended with the connection would read as whole.
      expect(await within(sendForBytes(front.url, '/media/chunked-reset.bin', { headers: keptAlive(front.url) }), 3000, 'the client connection should be cut')).to.equal('cut');
    });

    it('aborts the origin request when the client goes away', async () => {
      const before = cdn.requests.length;
      await abandonAfterFirstBytes(front.url, '/media/endless.bin');
      expect(cdn.requests.length).to.equal(before + 1);
      await within(cdn.closed(before), 3000, 'the origin connection should close');
    });
  });
}
