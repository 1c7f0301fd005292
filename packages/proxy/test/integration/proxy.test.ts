import { expect } from 'chai';
import { connect } from 'node:net';
import { request, type ClientRequest } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { cloudfront, createAccel, type Accel } from '@cdn-accel/core';
import { createAccelProxy, type AccelProxy, type AccessLogEntry, type ProxyServerOptions } from '../../src/index.js';
import { fakeAccel } from './support/fake-accel.js';
import { pauseWatchingPool } from './support/pause-watch.js';
import { eventually, get, startServer, type TestServer } from './support/servers.js';

/** The real engine with one CloudFront location, for what depends on the engine's own header rules. */
function signingEngine(): Accel {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return createAccel({ locations: { '/protected/': cloudfront({ url: 'https://cdn.example/media/', keyPairId: 'K2JCJMDEHXQW5F', privateKey }) } });
}

describe('createAccelProxy (real upstream, real sockets)', () => {
  let app: TestServer;
  let proxy: AccelProxy;
  let base: string;

  async function start(handler: Parameters<typeof startServer>[0], extra: Partial<ProxyServerOptions> & { accel?: Accel } = {}): Promise<void> {
    app = await startServer(handler);
    proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example'), upstream: app.url, ...extra });
    const address = await proxy.listen();
    base = `http://127.0.0.1:${address.port}`;
  }

  afterEach(async () => {
    await proxy?.close();
    await app?.close();
  });

  describe('pass-through', () => {
    it('streams status, headers (repeated ones too) and body unchanged', async () => {
      await start((_req, res) => {
        res.writeHead(201, [['Content-Type', 'text/plain'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['X-App', 'yes']].flat());
        res.end('hello');
      });
      const res = await get(`${base}/hello?x=1`);
      expect(res.status).to.equal(201);
      expect(res.headers['set-cookie']).to.deep.equal(['a=1', 'b=2']);
      expect(res.headers['x-app']).to.equal('yes');
      expect(res.body.toString()).to.equal('hello');
      expect(app.requests[0]?.url).to.equal('/hello?x=1');
    });

    it('passes chunked bodies and their trailers', async () => {
      await start((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain', Trailer: 'X-Checksum' });
        res.write('part1-');
        setTimeout(() => {
          res.addTrailers({ 'X-Checksum': 'abc' });
          res.end('part2');
        }, 10);
      });
      const res = await get(`${base}/chunked`);
      expect(res.body.toString()).to.equal('part1-part2');
      expect(res.headers['transfer-encoding']).to.equal('chunked');
      expect(res.trailers['x-checksum']).to.equal('abc');
    });

    it('delivers Server-Sent Events as they are written, without buffering', async () => {
      let send: ((text: string) => void) | undefined;
      await start((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
        send = (text) => res.write(text);
        res.write('data: first\n\n');
      });
      const received: string[] = [];
      const req = request(`${base}/events`, { agent: false }, (res) => res.on('data', (chunk: Buffer) => received.push(chunk.toString())));
      req.end();
      await eventually(() => received.join('').includes('data: first'));
      send?.('data: second\n\n');
      await eventually(() => received.join('').includes('data: second'));
      req.destroy();
    });

    /** An app that answers what it received: the request's framing and its body. */
    const echoUpload: Parameters<typeof startServer>[0] = (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => res.end(`${req.headers['transfer-encoding'] ?? `length ${req.headers['content-length']}`}: ${Buffer.concat(chunks).toString()}`));
    };

    /** Sends an upload through the proxy; `send` writes (and ends) its body. Resolves with the response text. */
    function upload(method: string, send: (req: ClientRequest) => void): Promise<string> {
      return new Promise<string>((resolve, reject) => {
        const req = request(`${base}/upload`, { method, agent: false }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve(text));
        });
        req.on('error', reject);
        send(req);
      });
    }

    it('uploads request bodies', async () => {
      await start(echoUpload);
      const body = 'x'.repeat(100_000);
      expect(await upload('POST', (req) => req.end(body))).to.equal(`length 100000: ${body}`);
    });

    it('uploads chunked request bodies (no Content-Length), re-framed for the upstream hop', async () => {
      await start(echoUpload);
      const res = await upload('PUT', (req) => {
        req.write('first ');
        setTimeout(() => req.end('second'), 20);
      });
      expect(res).to.equal('chunked: first second');
    });

    it('holds the upstream back while the client does not read (no unbounded buffering)', async () => {
      const total = 256 * 1024 * 1024;
      let written = 0;
      let appFinished: () => void = () => {};
      const finished = new Promise<void>((resolve) => {
        appFinished = resolve;
      });
      app = await startServer((_req, res) => {
        res.writeHead(200, { 'Content-Length': String(total) });
        const chunk = Buffer.alloc(64 * 1024);
        const pump = (): void => {
          while (written < total) {
            written += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end(appFinished);
        };
        pump();
      });
      const { pool, paused } = pauseWatchingPool(app.url);
      proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example'), upstream: app.url, upstreamDispatcher: pool });
      base = `http://127.0.0.1:${(await proxy.listen()).port}`;
      const client = request(`${base}/big`, { agent: false }, (res) => res.pause());
      client.on('error', () => {});
      client.end();
      // The pause point: the proxy stops reading from the app because the client does not read. Without
      // back-pressure it never comes, and the app writes all 256 MiB.
      await Promise.race([paused, finished.then(() => Promise.reject(new Error('the app wrote its whole body: no back-pressure')))]);
      // Socket buffers on three hops hold a few MiB at most.
      expect(written).to.be.below(32 * 1024 * 1024);
      client.destroy();
      await pool.close();
    });

    it('prefixes the path of an upstream given with one', async () => {
      app = await startServer((req, res) => res.end(req.url));
      proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example'), upstream: `${app.url}/legacy/` });
      base = `http://127.0.0.1:${(await proxy.listen()).port}`;
      expect((await get(`${base}/a/b?c=1`)).body.toString()).to.equal('/legacy/a/b?c=1');
    });

    it('answers HEAD with the headers of the app and no body', async () => {
      await start((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '5' });
        res.end('hello');
      });
      const res = await get(`${base}/h`, { method: 'HEAD' });
      expect(res.status).to.equal(200);
      expect(res.headers['content-length']).to.equal('5');
      expect(res.body.length).to.equal(0);
    });

    it('sets X-Forwarded-For, -Proto and -Host, replacing what the client claimed', async () => {
      await start((_req, res) => res.end());
      await get(`${base}/`, { headers: { 'X-Forwarded-For': '6.6.6.6', 'X-Forwarded-Host': 'evil.example', Host: 'shop.example' } });
      const headers = app.requests[0]?.headers;
      expect(headers?.['x-forwarded-for']).to.equal('127.0.0.1');
      expect(headers?.['x-forwarded-proto']).to.equal('http');
      expect(headers?.['x-forwarded-host']).to.equal('shop.example');
      expect(headers?.host).to.equal('shop.example');
    });

    it('appends to X-Forwarded-For when a load balancer in front is trusted', async () => {
      await start((_req, res) => res.end(), { trustForwarded: true });
      await get(`${base}/`, { headers: { 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Proto': 'https' } });
      expect(app.requests[0]?.headers['x-forwarded-for']).to.equal('203.0.113.9, 127.0.0.1');
      expect(app.requests[0]?.headers['x-forwarded-proto']).to.equal('https');
    });

    it('SECURITY: removes client-sent X-Accel-*, X-Sendfile*, X-Sendfile-Type and X-Accel-Mapping (CVE-2025-61780)', async () => {
      await start((_req, res) => res.end());
      await get(`${base}/`, {
        headers: {
          'X-Sendfile-Type': 'X-Accel-Redirect',
          'X-Accel-Mapping': '/=/etc/',
          'X-Accel-Redirect': '/protected/x',
          'X-Sendfile': '/etc/passwd',
          'X-Lighttpd-Send-File': '/etc/passwd',
          'X-Other': 'kept',
        },
      });
      const headers = app.requests[0]?.headers ?? {};
      expect(Object.keys(headers).filter((name) => /^x-(accel|sendfile|lighttpd)/.test(name))).to.deep.equal([]);
      expect(headers['x-other']).to.equal('kept');
    });

    it('SECURITY: strips X-Accel-* headers from responses that do not redirect', async () => {
      await start((_req, res) => res.writeHead(200, { 'X-Accel-Buffering': 'no', 'X-Sendfile': '/srv/x', 'X-Kept': '1' }).end('ok'));
      const res = await get(`${base}/`);
      expect(res.headers['x-accel-buffering']).to.equal(undefined);
      expect(res.headers['x-sendfile']).to.equal(undefined);
      expect(res.headers['x-kept']).to.equal('1');
    });

    it('keeps upstream connections alive across requests', async () => {
      await start((_req, res) => res.end('ok'));
      for (let index = 0; index < 5; index += 1) await get(`${base}/${index}`);
      expect(app.requests).to.have.length(5);
      expect(app.socketsSeen()).to.equal(1);
    });

    it('keeps the upstream connection even if the client asks for Connection: close', async () => {
      await start((_req, res) => res.end('ok'));
      await get(`${base}/a`, { headers: { Connection: 'close' } });
      await get(`${base}/b`, { headers: { Connection: 'close' } });
      expect(app.socketsSeen()).to.equal(1);
    });

    it('SECURITY: gives the app the origin-form of an absolute-form request target, never another host’s URL', async () => {
      await start((req, res) => res.end(`url=${req.url} host=${req.headers.host}`));
      const socket = connect(Number(new URL(base).port), '127.0.0.1');
      let received = '';
      socket.on('data', (data: Buffer) => (received += data.toString()));
      socket.write('GET http://evil.example/abs?q=1 HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n');
      await eventually(() => received.includes('url='));
      expect(received).to.contain('url=/abs?q=1 host=shop.example');
      socket.destroy();
    });

    it('answers an asterisk-form request (OPTIONS *) with 400 itself', async () => {
      await start((_req, res) => res.end('app'));
      const socket = connect(Number(new URL(base).port), '127.0.0.1');
      let received = '';
      socket.on('data', (data: Buffer) => (received += data.toString()));
      socket.write('OPTIONS * HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n');
      await eventually(() => received.includes('\r\n\r\n'));
      expect(received).to.match(/^HTTP\/1\.1 400 /);
      expect(app.requests).to.have.length(0);
      socket.destroy();
    });

    it('tunnels WebSocket upgrades', async () => {
      await start((_req, res) => res.end());
      app.server.on('upgrade', (req, socket) => {
        socket.on('end', () => socket.end());
        socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
        socket.on('data', (data: Buffer) => socket.write(`echo:${data.toString()}|accel=${String(req.headers['x-accel-redirect'])}`));
      });
      const socket = connect(Number(new URL(base).port), '127.0.0.1');
      let received = '';
      socket.on('data', (data: Buffer) => {
        received += data.toString();
        if (received.includes('101 Switching') && !received.includes('echo')) socket.write('ping');
      });
      socket.write('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Accel-Redirect: /protected/x\r\n\r\n');
      await eventually(() => received.includes('echo:ping'));
      expect(received).to.contain('accel=undefined');
      socket.end();
      await eventually(() => app.openSockets() === 0);
    });

    it('ends WebSocket tunnels still open at the shutdown deadline', async () => {
      await start((_req, res) => res.end(), { shutdownTimeout: 100 });
      app.server.on('upgrade', (_req, socket) => socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'));
      const socket = connect(Number(new URL(base).port), '127.0.0.1');
      let received = '';
      socket.on('data', (data: Buffer) => (received += data.toString()));
      socket.write('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
      await eventually(() => received.includes('101 Switching'));
      const closed = new Promise((resolve) => socket.on('close', resolve));
      await proxy.close();
      await closed;
    });
  });

  describe('X-Accel-Redirect', () => {
    it('answers the engine’s redirect, keeps the app’s Set-Cookie and drops its status and body', async () => {
      await start((_req, res) => {
        res.writeHead(200, { 'X-Accel-Redirect': '/protected/books/a.pdf', 'Set-Cookie': 'seen=1', 'X-App': 'dropped', 'Content-Type': 'text/html' });
        res.end('app body');
      });
      const res = await get(`${base}/download/1`);
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.equal('https://cdn.example/books/a.pdf?Signature=test');
      expect(res.headers['set-cookie']).to.deep.equal(['seen=1']);
      expect(res.headers['x-app']).to.equal(undefined);
      expect(res.headers['x-accel-redirect']).to.equal(undefined);
      expect(res.body.length).to.equal(0);
    });

    it('does not wait for a body the app announces but never sends (django-sendfile2)', async () => {
      await start((_req, res) => {
        res.writeHead(200, { 'X-Accel-Redirect': '/protected/a', 'Content-Length': '5000' });
        res.flushHeaders();
      });
      const res = await get(`${base}/`);
      expect(res.status).to.equal(302);
      // The client has its answer while the app's response is still waiting for its body.
      expect(app.requests[0]?.socket.destroyed).to.equal(false);
    });

    it('reuses the upstream connection after an empty-bodied redirect', async () => {
      await start((_req, res) => res.writeHead(200, { 'X-Accel-Redirect': '/protected/a', 'Content-Length': '0' }).end());
      for (let index = 0; index < 3; index += 1) expect((await get(`${base}/`)).status).to.equal(302);
      expect(app.socketsSeen()).to.equal(1);
    });

    it('answers 404 for an unmapped path and never reveals it', async () => {
      await start((_req, res) => res.writeHead(200, { 'X-Accel-Redirect': '/secret/internal/path' }).end());
      const res = await get(`${base}/`);
      expect(res.status).to.equal(404);
      expect(res.body.toString()).not.to.contain('/secret/');
    });

    it('SECURITY: refuses two different X-Accel-Redirect values with 404 (Node would join them into one path)', async () => {
      await start((_req, res) => res.writeHead(200, ['X-Accel-Redirect', '/protected/a.pdf', 'X-Accel-Redirect', '/protected/b.pdf']).end(), { accel: signingEngine() });
      const res = await get(`${base}/`);
      expect(res.status).to.equal(404);
      expect(res.headers.location).to.equal(undefined);
      expect(res.body.toString()).not.to.contain('/protected/');
    });

    it('redirects a repeated X-Accel-Redirect that names one path, as the adapters do', async () => {
      await start((_req, res) => res.writeHead(200, ['X-Accel-Redirect', '/protected/a.pdf', 'x-accel-redirect', '/protected/a.pdf']).end(), { accel: signingEngine() });
      const res = await get(`${base}/`);
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.match(/^https:\/\/cdn\.example\/media\/a\.pdf\?Expires=/);
    });

    it('hands the engine the method, the client address and the headers', async () => {
      const accel = fakeAccel('https://cdn.example');
      await start((_req, res) => res.writeHead(200, { 'X-Accel-Redirect': '/protected/a' }).end(), { accel });
      await get(`${base}/`, { method: 'HEAD', headers: { Range: 'bytes=0-1' } });
      expect(accel.calls[0]).to.include({ method: 'HEAD', clientIp: '127.0.0.1' });
      expect(accel.calls[0]?.headers?.range).to.equal('bytes=0-1');
    });

    it('hands the engine the client address a trusted load balancer added', async () => {
      const accel = fakeAccel('https://cdn.example');
      await start((_req, res) => res.writeHead(200, { 'X-Accel-Redirect': '/protected/a' }).end(), { accel, trustForwarded: true });
      await get(`${base}/`, { headers: { 'X-Forwarded-For': '6.6.6.6, 203.0.113.9' } });
      expect(accel.calls[0]?.clientIp).to.equal('203.0.113.9');
    });
  });

  describe('operations', () => {
    it('answers the health path itself, off by default', async () => {
      await start((_req, res) => res.end('app'), { healthPath: '/healthz' });
      const res = await get(`${base}/healthz`);
      expect(res.status).to.equal(200);
      expect(JSON.parse(res.body.toString())).to.deep.equal({ status: 'ok' });
      expect(app.requests).to.have.length(0);
    });

    it('forwards the health path to the app when none is configured', async () => {
      await start((_req, res) => res.end('app'));
      expect((await get(`${base}/healthz`)).body.toString()).to.equal('app');
    });

    it('writes one structured access log entry per request', async () => {
      const entries: AccessLogEntry[] = [];
      await start((req, res) => (req.url === '/r' ? res.writeHead(200, { 'X-Accel-Redirect': '/protected/a' }).end() : res.end('hi')), {
        accessLog: (entry) => entries.push(entry),
      });
      await get(`${base}/p?q=1`, { headers: { 'User-Agent': 'test-agent' } });
      await get(`${base}/r`);
      await eventually(() => entries.length === 2);
      expect(entries[0]).to.include({ method: 'GET', url: '/p?q=1', status: 200, outcome: 'pass', clientIp: '127.0.0.1', userAgent: 'test-agent', completed: true });
      expect(entries[0]?.bytes).to.be.greaterThan(2);
      expect(entries[1]).to.include({ status: 302, outcome: 'redirect' });
    });

    it('finishes requests in flight on close, then refuses new connections', async () => {
      let finish: (() => void) | undefined;
      await start((_req, res) => {
        res.writeHead(200, { 'Content-Length': '4' });
        res.write('sl');
        finish = () => res.end('ow');
      });
      const pending = get(`${base}/slow`);
      await eventually(() => finish !== undefined);
      const closed = proxy.close();
      finish?.();
      expect((await pending).body.toString()).to.equal('slow');
      await closed;
      const refused = await get(`${base}/`).then(() => false, () => true);
      expect(refused).to.equal(true);
    });

    it('cuts requests still running at the shutdown deadline', async () => {
      await start((_req, res) => {
        res.writeHead(200);
        res.write('never ends');
      }, { shutdownTimeout: 100 });
      const pending = get(`${base}/forever`).then(() => 'ended', () => 'cut');
      await eventually(() => app.requests.length === 1);
      // Without the deadline, close() would wait for a response that never ends, and the test would time out.
      await proxy.close();
      expect(await pending).to.equal('cut');
    });
  });
});
