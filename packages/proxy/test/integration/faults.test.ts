import { expect } from 'chai';
import { request } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { createAccelProxy, type AccelProxy, type AccessLogEntry } from '../../src/index.js';
import { fakeAccel } from './support/fake-accel.js';
import { eventually, get, startServer, type TestServer } from './support/servers.js';

/** Resolves with how a request ended: its status and body, or 'cut' if the connection broke. */
function outcome(url: string): Promise<{ status: number; body: string } | 'cut'> {
  return get(url).then(
    (res) => ({ status: res.status, body: res.body.toString() }),
    () => 'cut' as const,
  );
}

describe('createAccelProxy faults', () => {
  let app: TestServer | undefined;
  let cdn: TestServer | undefined;
  let proxy: AccelProxy;
  let base: string;
  let pool: Pool;
  const errors: string[] = [];
  const logger = { info: () => {}, warn: () => {}, error: (line: string) => errors.push(line) };

  async function start(upstream: string, options: { upstreamTimeout?: number; streamTimeout?: number; accessLog?: (entry: AccessLogEntry) => void } = {}): Promise<void> {
    pool = new Pool(upstream);
    proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example', cdn?.url ?? 'http://127.0.0.1:1'), upstream, upstreamDispatcher: pool, logger, ...options });
    base = `http://127.0.0.1:${(await proxy.listen()).port}`;
  }

  /** Upstream sockets still busy with a request (idle pooled keep-alive sockets are not leaks). */
  function busyUpstream(): number {
    return pool.stats.running + pool.stats.pending;
  }

  /** No socket left busy on the proxy, towards the app or open towards the CDN once a fault has played out. */
  async function expectNoLeaks(): Promise<void> {
    await eventually(() => busyUpstream() === 0 && (cdn?.openSockets() ?? 0) === 0, 3000).catch(() => {
      throw new Error(`leaked sockets: upstream busy ${busyUpstream()}, cdn ${cdn?.openSockets()}`);
    });
    expect(app?.openSockets() ?? 0).to.be.at.most(pool.stats.free);
    const open = await new Promise<number>((resolve) => proxy.server.getConnections((_error, count) => resolve(count)));
    expect(open, 'client connections left on the proxy').to.equal(0);
  }

  beforeEach(() => {
    errors.length = 0;
  });

  afterEach(async () => {
    await proxy?.close();
    await pool?.destroy();
    await app?.close();
    await cdn?.close();
    app = undefined;
    cdn = undefined;
  });

  it('answers 502 with a short body and a log line when the upstream refuses connections', async () => {
    const closed = await startServer(() => {});
    const url = closed.url;
    await closed.close();
    const entries: AccessLogEntry[] = [];
    await start(url, { accessLog: (entry) => entries.push(entry) });
    const result = await outcome(`${base}/x`);
    expect(result).to.deep.equal({ status: 502, body: 'Bad Gateway\n' });
    expect(errors.join()).to.match(/ERR_ACCEL_UPSTREAM.*ECONNREFUSED.*502/);
    await eventually(() => entries.length === 1, 1000);
    expect(entries[0]).to.include({ status: 502, outcome: 'error', code: 'ERR_ACCEL_UPSTREAM' });
  });

  it('answers 502 when the upstream resets before answering', async () => {
    app = await startServer((req) => req.socket.destroy());
    await start(app.url);
    expect(await outcome(`${base}/x`)).to.deep.include({ status: 502 });
    await expectNoLeaks();
  });

  it('cuts the client connection when the upstream resets mid-body', async () => {
    app = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100000' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await start(app.url);
    expect(await outcome(`${base}/x`)).to.equal('cut');
    await expectNoLeaks();
  });

  it('answers 504 when the upstream never answers, after upstreamTimeout', async () => {
    app = await startServer(() => {});
    await start(app.url, { upstreamTimeout: 150 });
    const started = Date.now();
    expect(await outcome(`${base}/x`)).to.deep.equal({ status: 504, body: 'Gateway Timeout\n' });
    expect(Date.now() - started).to.be.within(140, 2000);
    await expectNoLeaks();
  });

  it('answers 504 after upstreamTimeout for an upload sent with Expect: 100-continue (curl does so past 1 KiB)', async () => {
    app = await startServer(() => {});
    await start(app.url, { upstreamTimeout: 150 });
    const answer = await new Promise<number | 'cut'>((resolve) => {
      const req = request(`${base}/upload`, { method: 'POST', agent: false, headers: { Expect: '100-continue', 'Content-Length': '4' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('continue', () => req.end('body'));
      req.on('error', () => resolve('cut'));
      setTimeout(() => resolve('cut'), 3000).unref();
    });
    expect(answer).to.equal(504);
    await expectNoLeaks();
  });

  it('aborts the upstream request of an Expect: 100-continue upload when the client goes away', async () => {
    app = await startServer(() => {});
    await start(app.url);
    const req = request(`${base}/upload`, { method: 'POST', agent: false, headers: { Expect: '100-continue', 'Content-Length': '4' } });
    req.on('continue', () => req.end('body'));
    req.on('error', () => {});
    await eventually(() => app?.requests.length === 1);
    req.destroy();
    await expectNoLeaks();
  });

  it('answers 504 when a raw TCP upstream accepts and stays silent', async () => {
    const silent: NetServer = createNetServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      await start(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, { upstreamTimeout: 100 });
      expect(await outcome(`${base}/x`)).to.deep.include({ status: 504 });
    } finally {
      silent.close();
    }
  });

  it('keeps idle pooled upstream connections usable past upstreamTimeout', async () => {
    app = await startServer((_req, res) => res.end('ok'));
    await start(app.url, { upstreamTimeout: 100 });
    expect(await outcome(`${base}/a`)).to.deep.equal({ status: 200, body: 'ok' });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await outcome(`${base}/b`)).to.deep.equal({ status: 200, body: 'ok' });
  });

  it('aborts the upstream request when the client goes away mid-response', async () => {
    app = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('streaming…');
    });
    await start(app.url);
    const req = request(`${base}/long`, { agent: false }, (res) => res.once('data', () => req.destroy()));
    req.on('error', () => {});
    req.end();
    await expectNoLeaks();
  });

  it('aborts the upstream request when the client goes away before the response', async () => {
    app = await startServer(() => {});
    await start(app.url);
    const req = request(`${base}/pending`, { agent: false });
    req.on('error', () => {});
    req.end();
    await eventually(() => app?.requests.length === 1);
    req.destroy();
    await expectNoLeaks();
  });

  it('stream mode: cuts the client when the origin resets mid-body', async () => {
    cdn = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100000' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    app = await startServer((_req, res) => res.writeHead(200, { 'X-Accel-Redirect': '/stream/big' }).end());
    await start(app.url);
    expect(await outcome(`${base}/x`)).to.equal('cut');
    await expectNoLeaks();
  });

  it('stream mode: answers 502 when the origin is unreachable, 504 when it is silent', async () => {
    cdn = await startServer(() => {});
    app = await startServer((_req, res) => res.writeHead(200, { 'X-Accel-Redirect': '/stream/slow' }).end());
    await start(app.url, { streamTimeout: 100 });
    expect(await outcome(`${base}/x`)).to.deep.include({ status: 504 });
    await cdn.close();
    expect(await outcome(`${base}/x`)).to.deep.include({ status: 502 });
  });

  it('stream mode: a client abort aborts the origin request at once', async () => {
    cdn = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100000000' });
      res.write(Buffer.alloc(16 * 1024));
    });
    app = await startServer((_req, res) => res.writeHead(200, { 'X-Accel-Redirect': '/stream/huge' }).end());
    await start(app.url);
    const req = request(`${base}/x`, { agent: false }, (res) => res.once('data', () => req.destroy()));
    req.on('error', () => {});
    req.end();
    await eventually(() => cdn?.requests.length === 1);
    await eventually(() => cdn?.openSockets() === 0, 2000);
    await expectNoLeaks();
  });

  it('survives a burst of mixed faults and still serves', async () => {
    let count = 0;
    app = await startServer((req, res) => {
      count += 1;
      if (count % 3 === 0) req.socket.destroy();
      else if (count % 3 === 1) res.writeHead(200, { 'X-Accel-Redirect': '/protected/a' }).end();
      else res.end('ok');
    });
    await start(app.url);
    const results = await Promise.all(Array.from({ length: 30 }, (_, index) => outcome(`${base}/${index}`)));
    expect(results.every((result) => result !== 'cut' && [200, 302, 502].includes(result.status))).to.equal(true);
    expect(await outcome(`${base}/after`)).to.not.equal('cut');
  });
});
