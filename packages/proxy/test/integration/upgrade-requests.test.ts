import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import { createAccelProxy, type AccelProxy, type ProxyServerOptions } from '../../src/index.js';
import { fakeAccel } from './support/fake-accel.js';
import { rawExchange, rawResponseHeaders, startRawApp } from './support/raw-exchange.js';
import { startServer, type TestServer } from './support/servers.js';

const UPGRADE = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';

function requestText(path: string, upgrade: boolean): string {
  return `GET ${path} HTTP/1.1\r\nHost: shop.example\r\n${upgrade ? UPGRADE : 'Connection: close\r\n'}\r\n`;
}

/** The status line and headers a client gets, without what differs by nature between the two (Date, framing). */
function comparable(text: string): { statusLine: string; headers: Record<string, string[]>; body: string } {
  const headers = rawResponseHeaders(text);
  for (const name of ['date', 'connection', 'keep-alive', 'transfer-encoding']) delete headers[name];
  const end = text.indexOf('\r\n\r\n');
  return { statusLine: text.slice(0, text.indexOf('\r\n')), headers, body: text.slice(end + 4) };
}

describe('createAccelProxy: requests that ask to upgrade', () => {
  let app: Awaited<ReturnType<typeof startRawApp>> | undefined;
  let cdn: TestServer | undefined;
  let proxy: AccelProxy;
  let port: number;

  async function start(answer: Parameters<typeof startRawApp>[0], options: Partial<ProxyServerOptions> = {}): Promise<void> {
    app = await startRawApp(answer);
    proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example', cdn?.url), upstream: app.url, ...options });
    port = (await proxy.listen()).port;
  }

  function openConnections(): Promise<number> {
    return new Promise((resolve) => proxy.server.getConnections((_error, count) => resolve(count)));
  }

  /** Resolves once the proxy holds no client connection: a failure must end the exchange, not leave it open. */
  async function noConnectionLeft(): Promise<void> {
    for (;;) {
      if ((await openConnections()) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  afterEach(async () => {
    await proxy?.close();
    await app?.close();
    await cdn?.close();
    app = undefined;
    cdn = undefined;
  });

  const unmappedAnswer = 'HTTP/1.1 200 OK\r\nX-Accel-Redirect: /internal/secret/report-2025.pdf\r\nX-Sendfile: /srv/secret.pdf\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecret';
  const plainAnswers: Record<string, string> = {
    'an unmapped X-Accel-Redirect': unmappedAnswer,
    'a mapped X-Accel-Redirect': 'HTTP/1.1 200 OK\r\nX-Accel-Redirect: /protected/books/a.pdf\r\nSet-Cookie: seen=1\r\nContent-Length: 8\r\nConnection: close\r\n\r\napp body',
    'a plain response with internal headers': 'HTTP/1.1 403 Forbidden\r\nX-Sendfile: /srv/secret.pdf\r\nX-Lighttpd-Send-File: /srv/x\r\nX-Accel-Buffering: no\r\nX-App: kept\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnope',
  };

  for (const [kind, answer] of Object.entries(plainAnswers)) {
    it(`SECURITY: answers ${kind} to an upgrade request exactly as without the upgrade headers`, async () => {
      await start((_request, socket) => socket.end(answer));
      const plain = comparable((await rawExchange(port, requestText('/download/1', false))).text);
      const upgrade = comparable((await rawExchange(port, requestText('/download/1', true))).text);
      expect(upgrade).to.deep.equal(plain);
      expect(Object.keys(upgrade.headers).filter((name) => /^(x-accel-|x-sendfile|x-lighttpd-)/.test(name))).to.deep.equal([]);
      expect(upgrade.body).not.to.include('secret');
      await noConnectionLeft();
    });
  }

  it('SECURITY: the unmapped answer is the engine’s 404, never the app’s 200', async () => {
    await start((_request, socket) => socket.end(unmappedAnswer));
    const { text } = await rawExchange(port, requestText('/download/1', true));
    expect(text).to.match(/^HTTP\/1\.1 404 /);
    expect(text.toLowerCase()).not.to.include('x-accel-redirect');
    expect(text).not.to.include('/internal/secret');
  });

  it('streams an object in stream mode for an upgrade request', async () => {
    cdn = await startServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 5, 'x-amz-request-id': 'R' }).end('bytes'));
    await start((_request, socket) => socket.end('HTTP/1.1 200 OK\r\nX-Accel-Redirect: /stream/obj.txt\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    const { text } = await rawExchange(port, requestText('/download/1', true));
    expect(text).to.match(/^HTTP\/1\.1 200 /);
    expect(text.endsWith('\r\n\r\nbytes')).to.equal(true, text);
    expect(text).not.to.include('x-amz-request-id');
  });

  it('SECURITY: a genuine 101 reaches the client without internal or connection-named headers, then tunnels', async () => {
    await start((_request, socket: Socket) => {
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade, X-Secret\r\nX-Secret: s\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nX-Accel-Redirect: /internal/x\r\nX-Sendfile: /srv/x\r\nKeep-Alive: timeout=5\r\n\r\n');
      socket.on('data', (data: Buffer) => socket.end(`echo:${data.toString()}`));
    });
    const client = await new Promise<{ text: string }>((resolve) => {
      let text = '';
      const socket = connect(port, '127.0.0.1');
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (text.includes('\r\n\r\n') && !text.includes('echo')) socket.write('ping');
      });
      socket.once('close', () => resolve({ text }));
      socket.write(requestText('/ws', true));
    });
    expect(client.text).to.match(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    const headers = rawResponseHeaders(client.text);
    expect(headers).to.deep.equal({ upgrade: ['websocket'], 'sec-websocket-accept': ['s3pPLMBiTxaQ9kYGzzhZRbK+xOo='], connection: ['Upgrade'] });
    expect(client.text.endsWith('\r\n\r\necho:ping')).to.equal(true, client.text);
  });

  it('answers 504 when the app does not answer the upgrade within upstreamTimeout', async () => {
    await start(() => {}, { upstreamTimeout: 150 });
    const { text } = await rawExchange(port, requestText('/ws', true));
    expect(text).to.match(/^HTTP\/1\.1 504 Gateway Timeout\r\n/);
    await noConnectionLeft();
  });

  it('answers 502 when the app cannot be reached, and closes', async () => {
    const gone = await startRawApp(() => {});
    await gone.close();
    proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example'), upstream: gone.url });
    port = (await proxy.listen()).port;
    const { text } = await rawExchange(port, requestText('/ws', true));
    expect(text).to.match(/^HTTP\/1\.1 502 Bad Gateway\r\n/);
  });

  it('SECURITY: strips X-Accel-* sent by the client and the headers it names in Connection before the app sees them', async () => {
    await start((_request, socket) => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    await rawExchange(port, 'GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade, X-Hop\r\nX-Hop: 1\r\nTE: trailers\r\nX-Accel-Redirect: /protected/x\r\nX-Sendfile-Type: X-Accel-Redirect\r\n\r\n');
    const seen = (app?.requests[0] ?? '').toLowerCase();
    expect(seen).to.include('upgrade: websocket');
    for (const name of ['x-hop:', 'te:', 'x-accel-redirect:', 'x-sendfile-type:']) expect(seen).not.to.include(name);
  });
});
