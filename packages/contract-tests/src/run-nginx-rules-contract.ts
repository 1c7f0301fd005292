import { expect } from 'chai';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { cloudfront, createAccel, verifyCloudFrontUrl } from '@cdn-accel/core';
import type { AppHandler, AppResponse, ContractDriver, RunningApp } from './driver.js';
import { CDN_BASE, KEY_PAIR_ID, recordingLogger, rsaKeys } from './fixtures.js';
import { accelHeadersIn, sendForBytes, type BytesResponse } from './http-client.js';
import { startServer, type TestServer } from './origin-server.js';

const OBJECT = Buffer.from('the object’s bytes');

/** The object's own headers, each of which the app's kept headers must win over (Content-Type aside). */
const OBJECT_HEADERS = {
  'Content-Type': 'application/pdf',
  'Content-Disposition': 'inline; filename="origin.pdf"',
  'Cache-Control': 'public, max-age=86400',
  Expires: 'Fri, 01 Jan 2038 00:00:00 GMT',
  'Accept-Ranges': 'bytes',
  ETag: '"object"',
  'Set-Cookie': 'origin=1',
};

/** Any path is an object; `/untyped/…` ones come without a Content-Type. */
function origin(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const { 'Content-Type': type, ...rest } = OBJECT_HEADERS;
  res.writeHead(200, { ...(path.startsWith('/untyped/') ? rest : { ...rest, 'Content-Type': type }), 'Content-Length': OBJECT.length });
  res.end(req.method === 'HEAD' ? undefined : OBJECT);
}

/** Every header Nginx keeps across X-Accel-Redirect, and some it drops. */
const KEPT: Array<[string, string]> = [
  ['Content-Disposition', 'attachment; filename="report.pdf"'],
  ['Set-Cookie', 'seen=1'],
  ['Set-Cookie', 'theme=dark'],
  ['Cache-Control', 'private, max-age=60'],
  ['Expires', 'Thu, 01 Jan 2037 00:00:00 GMT'],
  ['Accept-Ranges', 'none'],
];
const DROPPED: Array<[string, string]> = [
  ['X-Powered-By', 'PHP/5.6'],
  ['Content-Language', 'fr'],
  ['Link', '</style.css>; rel=preload'],
  ['ETag', '"app"'],
  ['X-Custom', 'internal'],
];

function completed(reply: BytesResponse | 'cut'): BytesResponse {
  if (reply === 'cut') throw new Error('the connection was cut');
  return reply;
}

/**
 * Nginx's own rules through `driver`: the app headers kept across `X-Accel-Redirect` in stream mode and the rest
 * dropped, GET unless HEAD, and `@name` locations, which serve the object the client's own request names.
 */
export function runNginxRulesContract(driver: ContractDriver): void {
  describe(`cdn-accel Nginx header rules and @name locations: ${driver.name}`, () => {
    let cdn: TestServer;
    let front: RunningApp;
    let respond: AppHandler = () => ({ body: 'unset' });
    const answer = (response: AppResponse): void => {
      respond = () => response;
    };
    const fetched = (): IncomingMessage => cdn.requests[cdn.requests.length - 1] as IncomingMessage;

    before(async () => {
      cdn = await startServer(origin);
      const { privateKey } = rsaKeys();
      const stream = { keyPairId: KEY_PAIR_ID, privateKey, mode: 'stream' } as const;
      const accel = createAccel({
        locations: {
          '/media/': cloudfront({ url: `${cdn.url}/`, ...stream }),
          '/typed/': cloudfront({ url: `${cdn.url}/`, ...stream, carryHeaders: { contentType: true } }),
          '@files': cloudfront({ url: `${cdn.url}/files/`, ...stream }),
          '@links': cloudfront({ url: `${CDN_BASE}named/`, keyPairId: KEY_PAIR_ID, privateKey }),
        },
        logger: recordingLogger(),
      });
      await accel.ready();
      front = await driver.start({ accel, app: (request) => respond(request) });
    });

    after(async () => {
      await front?.close();
      await cdn?.close();
    });

    it('stream mode: the app’s Content-Disposition, Set-Cookie, Cache-Control, Expires and Accept-Ranges win over the object’s', async () => {
      answer({ headers: [['X-Accel-Redirect', '/media/r.pdf'], ['Content-Type', 'text/html; charset=utf-8'], ...KEPT, ...DROPPED], body: 'app body' });
      const reply = completed(await sendForBytes(front.url, '/download/r'));
      expect(reply.status).to.equal(200);
      expect(reply.body.equals(OBJECT)).to.equal(true);
      expect(reply.headers['content-disposition']).to.equal('attachment; filename="report.pdf"');
      expect(reply.headers['set-cookie']).to.deep.equal(['seen=1', 'theme=dark']);
      expect(reply.headers['cache-control']).to.equal('private, max-age=60');
      expect(reply.headers.expires).to.equal('Thu, 01 Jan 2037 00:00:00 GMT');
      expect(reply.headers['accept-ranges']).to.equal('none');
      // As behind Nginx's proxied internal location, the object's own type wins unless the location carries the app's.
      expect(reply.headers['content-type']).to.equal('application/pdf');
    });

    it('stream mode: every other header of the app is dropped (X-Powered-By, Content-Language, Link, ETag…)', async () => {
      answer({ headers: [['X-Accel-Redirect', '/media/r.pdf'], ...DROPPED], body: 'app body' });
      const reply = completed(await sendForBytes(front.url, '/download/r'));
      expect(reply.status).to.equal(200);
      expect(reply.headers['x-powered-by']).to.equal(undefined);
      expect(reply.headers['content-language']).to.equal(undefined);
      expect(reply.headers.link).to.equal(undefined);
      expect(reply.headers['x-custom']).to.equal(undefined);
      expect(reply.headers.etag).to.equal('"object"');
      // Headers the app did not send come from the object, once; the CDN's cookie never does.
      expect(reply.headers['content-disposition']).to.equal('inline; filename="origin.pdf"');
      expect(reply.headers['accept-ranges']).to.equal('bytes');
      expect(reply.headers['set-cookie']).to.equal(undefined);
    });

    it('stream mode: a location that carries Content-Type sends the app’s; an empty one means not set', async () => {
      answer({ headers: [['X-Accel-Redirect', '/typed/r.pdf'], ['Content-Type', 'application/x-report; charset=utf-8']] });
      expect(completed(await sendForBytes(front.url, '/typed')).headers['content-type']).to.equal('application/x-report; charset=utf-8');
      // A stream body, so that no framework fills the empty type in with its default.
      answer({ headers: [['X-Accel-Redirect', '/typed/r.pdf'], ['Content-Type', '']], body: Readable.from(['app body']) });
      expect(completed(await sendForBytes(front.url, '/typed')).headers['content-type']).to.equal('application/pdf');
    });

    it('stream mode: the app’s Content-Type is sent when the object has none, as behind Nginx', async () => {
      answer({ headers: [['X-Accel-Redirect', '/media/untyped/r.pdf'], ['Content-Type', 'application/x-report; charset=utf-8']] });
      const reply = completed(await sendForBytes(front.url, '/untyped'));
      expect(reply.body.equals(OBJECT)).to.equal(true);
      expect(reply.headers['content-type']).to.equal('application/x-report; charset=utf-8');
    });

    it('stream mode: fetches with GET for a POST, and with HEAD for a HEAD', async () => {
      answer({ headers: [['X-Accel-Redirect', '/media/r.pdf']] });
      const posted = completed(await sendForBytes(front.url, '/upload', { method: 'POST' }));
      expect(posted.status).to.equal(200);
      expect(posted.body.equals(OBJECT)).to.equal(true);
      expect(fetched().method).to.equal('GET');
      const head = completed(await sendForBytes(front.url, '/download/r', { method: 'HEAD' }));
      expect(head.status).to.equal(200);
      expect(head.body.length).to.equal(0);
      expect(fetched().method).to.equal('HEAD');
    });

    it('@name: streams the object the client’s request path names, without the client’s query', async () => {
      answer({ headers: [['X-Accel-Redirect', '@files'], ['Content-Disposition', 'attachment']] });
      const reply = completed(await sendForBytes(front.url, '/books/moby%20dick.pdf?v=2'));
      expect(reply.status).to.equal(200);
      expect(reply.body.equals(OBJECT)).to.equal(true);
      expect(reply.headers['content-disposition']).to.equal('attachment');
      expect(accelHeadersIn(reply.headers)).to.deep.equal([]);
      expect(fetched().url).to.match(/^\/files\/books\/moby%20dick\.pdf\?Expires=\d+&/);
    });

    it('@name: redirects to the signed URL of the client’s path, and each path is its own object', async () => {
      answer({ headers: [['X-Accel-Redirect', ' @links '], ['Set-Cookie', 'seen=1']] });
      const first = completed(await sendForBytes(front.url, '/dl/a%C3%A9.pdf?v=2'));
      expect(first.status).to.equal(302);
      const location = String(first.headers.location);
      expect(location.startsWith(`${CDN_BASE}named/dl/a%C3%A9.pdf?Expires=`)).to.equal(true, location);
      expect(verifyCloudFrontUrl(location, { publicKeys: { [KEY_PAIR_ID]: rsaKeys().publicKey } }).ok).to.equal(true);
      expect(first.headers['set-cookie']).to.deep.equal(['seen=1']);
      const other = completed(await sendForBytes(front.url, '/dl/b.pdf'));
      expect(String(other.headers.location).startsWith(`${CDN_BASE}named/dl/b.pdf?Expires=`)).to.equal(true, String(other.headers.location));
    });

    // SECURITY: the app authorized a path, not the client's parameters: S3 honours response-* on an authenticated
    // request, so signing the client's query would let it serve an upload inline as HTML on the CDN's domain.
    it('@name: never signs the client’s query (its response-* overrides) into the URL', async () => {
      answer({ headers: [['X-Accel-Redirect', '@links'], ['Content-Disposition', 'attachment; filename="a.pdf"']] });
      const reply = completed(await sendForBytes(front.url, '/download/42?response-content-disposition=inline&response-content-type=text%2Fhtml'));
      expect(reply.status).to.equal(302);
      const location = new URL(String(reply.headers.location));
      expect(location.pathname).to.equal('/media/named/download/42');
      expect(location.searchParams.getAll('response-content-disposition')).to.deep.equal(['attachment; filename="a.pdf"']);
      expect(location.searchParams.has('response-content-type')).to.equal(false);
      expect(verifyCloudFrontUrl(location.href, { publicKeys: { [KEY_PAIR_ID]: rsaKeys().publicKey } }).ok).to.equal(true);
    });

    it('@name: an unknown name is 404, never a prefix match', async () => {
      for (const value of ['@nowhere', '@file', '@files/books/x.pdf', '@links?v=1']) {
        answer({ headers: [['X-Accel-Redirect', value], ['Content-Disposition', 'attachment']], body: 'app body' });
        const reply = completed(await sendForBytes(front.url, '/books/x.pdf'));
        expect(reply.status).to.equal(404, value);
        expect(reply.headers['content-disposition']).to.equal(undefined);
        expect(accelHeadersIn(reply.headers)).to.deep.equal([]);
        expect(reply.body.toString()).not.to.include('app body');
      }
    });

    // SECURITY: the client chooses the path a named location serves: it passes the same checks as an internal path.
    for (const hostile of ['/dl/a%00b.pdf', '/dl/a%5C..%5Cb.pdf', '/dl/a%2F%2Fb.pdf', '/dl/%2e%2e%2fsecret.pdf']) {
      it(`@name: refuses the unsafe request path ${JSON.stringify(hostile)} with 404`, async () => {
        answer({ headers: [['X-Accel-Redirect', '@files']], body: 'app body' });
        const before = cdn.requests.length;
        const reply = completed(await sendForBytes(front.url, hostile));
        expect(reply.status).to.equal(404);
        expect(reply.body.toString()).not.to.include('app body');
        expect(cdn.requests.length).to.equal(before);
      });
    }
  });
}
