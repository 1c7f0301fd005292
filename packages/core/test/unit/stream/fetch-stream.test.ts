import { expect } from 'chai';
import { Agent } from 'node:http';
import { buffer } from 'node:stream/consumers';
import type { StreamDecision } from '../../../src/contract/decision.js';
import { fetchStream } from '../../../src/stream/fetch-stream.js';
// The object server every stream test shares. By path: a devDependency on @cdn-accel/contract-tests, which
// depends on core, would make a workspace cycle.
import { objectHandler, startServer, type TestServer } from '../../../../contract-tests/src/origin-server.js';

const object = Buffer.from('0123456789abcdefghij');

function decision(url: string, extra: Partial<StreamDecision> = {}): StreamDecision {
  return { kind: 'stream', url, method: 'GET', forwardHeaders: [], overrideHeaders: [], buffering: true, ...extra };
}

function header(headers: Array<[string, string]>, name: string): string | undefined {
  return headers.find(([candidate]) => candidate.toLowerCase() === name.toLowerCase())?.[1];
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; status: number; expose: boolean }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; status: number; expose: boolean };
  }
  throw new Error('expected a rejection');
}

describe('fetchStream (against a local HTTP origin)', () => {
  let origin: TestServer;
  const agent = new Agent({ keepAlive: false });
  const agents = { http: agent };

  afterEach(async () => origin?.close());

  it('streams the object with its headers', async () => {
    origin = await startServer(objectHandler({ '/a.bin': object }));
    const result = await fetchStream(decision(`${origin.url}/a.bin?Signature=s`), { agents });
    expect(result.status).to.equal(200);
    expect(header(result.headers, 'content-length')).to.equal('20');
    expect(header(result.headers, 'etag')).to.equal('"v1"');
    expect(header(result.headers, 'x-amz-request-id')).to.equal(undefined);
    expect(await buffer(result.body!)).to.deep.equal(object);
    expect(origin.requests[0]?.url).to.equal('/a.bin?Signature=s');
  });

  it('forwards Range and returns 206 with Content-Range', async () => {
    origin = await startServer(objectHandler({ '/a.bin': object }));
    const result = await fetchStream(decision(`${origin.url}/a.bin`, { forwardHeaders: [['Range', 'bytes=2-5']] }), { agents });
    expect(result.status).to.equal(206);
    expect(header(result.headers, 'content-range')).to.equal('bytes 2-5/20');
    expect((await buffer(result.body!)).toString()).to.equal('2345');
  });

  it('returns 416 for a range past the end', async () => {
    origin = await startServer(objectHandler({ '/a.bin': object }));
    const result = await fetchStream(decision(`${origin.url}/a.bin`, { forwardHeaders: [['Range', 'bytes=50-60']] }), { agents });
    expect(result.status).to.equal(416);
    expect(header(result.headers, 'content-range')).to.equal('bytes */20');
  });

  it('forwards If-None-Match and returns a bodiless 304', async () => {
    origin = await startServer(objectHandler({ '/a.bin': object }));
    const result = await fetchStream(decision(`${origin.url}/a.bin`, { forwardHeaders: [['If-None-Match', '"v1"']] }), { agents });
    expect(result.status).to.equal(304);
    expect(result.body).to.equal(null);
  });

  it('fetches with HEAD for a HEAD and returns no body but the length', async () => {
    origin = await startServer(objectHandler({ '/a.bin': object }));
    const result = await fetchStream(decision(`${origin.url}/a.bin`, { method: 'HEAD' }), { agents });
    expect(origin.requests[0]?.method).to.equal('HEAD');
    expect(result.body).to.equal(null);
    expect(header(result.headers, 'content-length')).to.equal('20');
  });

  it('SECURITY: does not pass the client Cookie or Authorization to the origin', async () => {
    origin = await startServer(objectHandler({ '/a.bin': object }));
    const forwardHeaders: Array<[string, string]> = [['Cookie', 'sid=1'], ['Authorization', 'Basic eA=='], ['Range', 'bytes=0-0']];
    const result = await fetchStream(decision(`${origin.url}/a.bin`, { forwardHeaders }), { agents });
    await buffer(result.body!);
    expect(origin.requests[0]?.headers.cookie).to.equal(undefined);
    expect(origin.requests[0]?.headers.authorization).to.equal(undefined);
    expect(origin.requests[0]?.headers.range).to.equal('bytes=0-0');
  });

  it('lets the app’s Content-Disposition and Content-Type win', async () => {
    origin = await startServer(objectHandler({ '/a.bin': object }));
    const overrideHeaders: Array<[string, string]> = [['Content-Type', 'application/pdf'], ['Content-Disposition', 'attachment; filename="a.pdf"']];
    const result = await fetchStream(decision(`${origin.url}/a.bin`, { overrideHeaders }), { agents });
    await buffer(result.body!);
    expect(header(result.headers, 'content-type')).to.equal('application/pdf');
    expect(header(result.headers, 'content-disposition')).to.equal('attachment; filename="a.pdf"');
  });

  it('maps a missing object to an exposed 404', async () => {
    origin = await startServer(objectHandler({}));
    const error = await rejection(fetchStream(decision(`${origin.url}/missing`), { agents }));
    expect(error).to.include({ code: 'ERR_ACCEL_ORIGIN', status: 404, expose: true });
  });

  it('maps a refused signature (403) to a hidden 502', async () => {
    origin = await startServer((_req, res) => res.writeHead(403).end('AccessDenied'));
    const error = await rejection(fetchStream(decision(`${origin.url}/a`), { agents }));
    expect(error).to.include({ code: 'ERR_ACCEL_ORIGIN', status: 502, expose: false });
  });

  it('maps a refused connection to 502', async () => {
    origin = await startServer(() => {});
    const url = origin.url;
    await origin.close();
    const error = await rejection(fetchStream(decision(`${url}/a`), { agents }));
    expect(error).to.include({ code: 'ERR_ACCEL_ORIGIN', status: 502 });
  });

  it('maps an origin that never answers to 504 after the timeout', async () => {
    origin = await startServer(() => {});
    const error = await rejection(fetchStream(decision(`${origin.url}/a`), { agents, timeout: 100 }));
    expect(error).to.include({ code: 'ERR_ACCEL_ORIGIN', status: 504 });
  });

  it('errors the body when the origin resets mid-body', async () => {
    origin = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const result = await fetchStream(decision(`${origin.url}/a`), { agents });
    const failure = await buffer(result.body!).then(() => undefined, (error: Error) => error);
    expect(failure).to.be.instanceOf(Error);
  });

  it('aborts the origin request at once when the client goes away', async () => {
    origin = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100000000' });
      res.write(Buffer.alloc(1024));
    });
    const controller = new AbortController();
    const result = await fetchStream(decision(`${origin.url}/big`), { agents, signal: controller.signal });
    result.body!.on('error', () => {});
    const closed = origin.closed(0);
    controller.abort();
    await closed;
    expect(result.body!.destroyed).to.equal(true);
  });

  it('aborts an origin request still waiting for headers', async () => {
    origin = await startServer(() => {});
    const controller = new AbortController();
    const pending = fetchStream(decision(`${origin.url}/slow`), { agents, signal: controller.signal });
    await new Promise((resolve) => origin.server.once('request', resolve));
    const closed = origin.closed(0);
    controller.abort();
    expect(await rejection(pending)).to.include({ code: 'ERR_ACCEL_ORIGIN' });
    await closed;
  });

  it('throttles the body to X-Accel-Limit-Rate and still delivers every byte', async () => {
    const big = Buffer.alloc(4000, 7);
    origin = await startServer(objectHandler({ '/big': big }));
    const started = Date.now();
    const result = await fetchStream(decision(`${origin.url}/big`, { limitRate: 10_000 }), { agents });
    expect(await buffer(result.body!)).to.deep.equal(big);
    expect(Date.now() - started).to.be.at.least(290);
  });

  it('destroying a throttled body destroys the origin response', async () => {
    origin = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100000000' });
      res.write(Buffer.alloc(4096));
    });
    const result = await fetchStream(decision(`${origin.url}/big`, { limitRate: 1000 }), { agents });
    const closed = origin.closed(0);
    result.body!.destroy();
    await closed;
  });

  it('carries X-Accel-Buffering through', async () => {
    origin = await startServer(objectHandler({ '/a.bin': object }));
    const result = await fetchStream(decision(`${origin.url}/a.bin`, { buffering: false }), { agents });
    await buffer(result.body!);
    expect(result.buffering).to.equal(false);
  });
});
