import { expect } from 'chai';
import { request } from 'node:http';
import { createAccelProxy, type AccelProxy } from '../../src/index.js';
import { fakeAccel } from './support/fake-accel.js';
import { rawExchange, rawResponseHeaders, startRawApp } from './support/raw-exchange.js';
import { get, startServer, type TestServer } from './support/servers.js';

describe('createAccelProxy: what an app sends that a client must not get', () => {
  let app: { url: string; close(): Promise<void>; requests?: unknown } | undefined;
  let proxy: AccelProxy;
  let port: number;
  const errors: string[] = [];

  async function start(upstream: { url: string; close(): Promise<void> }): Promise<void> {
    app = upstream;
    proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example'), upstream: upstream.url, logger: { info: () => {}, warn: () => {}, error: (line: string) => errors.push(line) } });
    port = (await proxy.listen()).port;
  }

  /** Resolves once the proxy holds no client connection: every exchange must end in a response or a close. */
  async function noConnectionLeft(): Promise<void> {
    for (;;) {
      const open = await new Promise<number>((resolve) => proxy.server.getConnections((_error, count) => resolve(count)));
      if (open === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  beforeEach(() => {
    errors.length = 0;
  });

  afterEach(async () => {
    await proxy?.close();
    await app?.close();
    app = undefined;
  });

  const phrases: Record<string, Buffer> = {
    'a Latin-1 (obs-text) reason phrase': Buffer.from('HTTP/1.1 200 Tr\xe8s bien\r\n', 'latin1'),
    'a UTF-8 reason phrase': Buffer.from('HTTP/1.1 200 OK ✓\r\n', 'utf8'),
  };

  for (const [kind, statusLine] of Object.entries(phrases)) {
    it(`answers ${kind} with the standard phrase, headers and body, and ends the exchange`, async () => {
      await start(await startRawApp((_request, socket) => socket.end(Buffer.concat([statusLine, Buffer.from('Content-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello')]))));
      const { text } = await rawExchange(port, 'GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
      expect(text).to.match(/^HTTP\/1\.1 200 OK\r\n/);
      expect(text.endsWith('\r\n\r\nhello')).to.equal(true, text);
      await noConnectionLeft();
    });
  }

  it('keeps a plain ASCII reason phrase of the app', async () => {
    await start(await startRawApp((_request, socket) => socket.end('HTTP/1.1 299 All Fine Here\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')));
    const { text } = await rawExchange(port, 'GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(text).to.match(/^HTTP\/1\.1 299 All Fine Here\r\n/);
  });

  it('SECURITY: strips X-Accel-Redirect and X-Sendfile trailers, and the Trailer header that names them', async () => {
    const upstream: TestServer = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', Trailer: 'X-Accel-Redirect, X-Sendfile, Server-Timing' });
      res.write('part');
      res.addTrailers({ 'X-Accel-Redirect': '/internal/secret.pdf', 'X-Sendfile': '/srv/secret.pdf', 'Server-Timing': 'db;dur=5' });
      res.end();
    });
    await start(upstream);
    const res = await get(`http://127.0.0.1:${port}/x`, { headers: { TE: 'trailers' } });
    expect(res.body.toString()).to.equal('part');
    expect(res.trailers).to.deep.equal({ 'server-timing': 'db;dur=5' });
    expect(res.headers.trailer).to.equal('server-timing');
  });

  it('SECURITY: drops the headers the app names in Connection, and its hop-by-hop headers', async () => {
    await start(await startRawApp((_request, socket) => socket.end('HTTP/1.1 200 OK\r\nConnection: close, X-Secret\r\nX-Secret: s3cr3t\r\nKeep-Alive: timeout=5\r\nUpgrade: h2c\r\nX-Kept: yes\r\nContent-Length: 2\r\n\r\nok')));
    const { text } = await rawExchange(port, 'GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    const headers = rawResponseHeaders(text);
    expect(headers['x-kept']).to.deep.equal(['yes']);
    for (const name of ['x-secret', 'keep-alive', 'upgrade']) expect(headers[name], name).to.equal(undefined);
    expect(text).not.to.include('s3cr3t');
  });

  it('SECURITY: never lets the client’s Connection, TE, Forwarded, X-Real-IP or True-Client-IP reach the app', async () => {
    const upstream = await startServer((_req, res) => res.end('ok'));
    await start(upstream);
    await new Promise<void>((resolve, reject) => {
      const req = request(`http://127.0.0.1:${port}/x`, { agent: false, headers: { Connection: 'close, X-Foo', 'X-Foo': 'hop', TE: 'trailers', Forwarded: 'for=10.0.0.1', 'X-Real-IP': '10.0.0.1', 'True-Client-IP': '10.0.0.1' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    const seen = upstream.requests[0]?.headers ?? {};
    for (const name of ['x-foo', 'te', 'forwarded', 'true-client-ip']) expect(seen[name], name).to.equal(undefined);
    expect(seen['x-real-ip']).to.equal('127.0.0.1');
  });

  it('answers 431 to request headers over the limit, and closes', async () => {
    await start(await startServer((_req, res) => res.end('ok')));
    const { text } = await rawExchange(port, `GET /x HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(text).to.match(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  });

  it('answers 400 to a request that is not HTTP, and closes', async () => {
    await start(await startServer((_req, res) => res.end('ok')));
    const { text } = await rawExchange(port, 'HELLO THERE\r\n\r\n');
    expect(text).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });
});
