import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { get as httpsGet } from 'node:https';
import { connect, constants, type ClientHttp2Session } from 'node:http2';
import { connect as tlsConnect } from 'node:tls';
import { createAccelProxy, type AccelProxy, type AccessLogEntry } from '../../src/index.js';
import { fakeAccel } from './support/fake-accel.js';
import { startServer, type TestServer } from './support/servers.js';
import { opensslAvailable, selfSignedCertificate } from './support/tls.js';

/** One HTTP/2 request; resolves with the status, headers and body. */
function h2(session: ClientHttp2Session, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': method, ':path': path }, { endStream: true });
    let body = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (body += chunk));
    stream.on('error', reject);
    stream.once('response', (headers) => {
      stream.once('end', () => resolve({ status: Number(headers[constants.HTTP2_HEADER_STATUS]), headers, body }));
    });
  });
}

/** The certificate a new TLS connection to `port` is served. */
function servedCertificate(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false, ALPNProtocols: ['h2'] }, () => {
      resolve(socket.getPeerX509Certificate()?.fingerprint256 ?? '');
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

describe('createAccelProxy over TLS: HTTP/2 with HTTP/1.1 fallback', () => {
  let certificate: { key: Buffer; cert: Buffer };
  let app: TestServer;
  let proxy: AccelProxy;
  let port: number;
  let session: ClientHttp2Session | undefined;
  const entries: AccessLogEntry[] = [];

  before(function () {
    if (!opensslAvailable('the TLS listener tests')) this.skip();
    certificate = selfSignedCertificate();
  });

  beforeEach(async () => {
    app = await startServer((req, res) => {
      if (req.url === '/download') res.writeHead(200, { 'X-Accel-Redirect': '/protected/books/a.pdf', 'Set-Cookie': 'seen=1', Connection: 'close' }).end('app body');
      else res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Sendfile': '/srv/x', Connection: 'keep-alive', 'Keep-Alive': 'timeout=5' }).end(`app saw ${req.method} ${req.url} host=${req.headers.host} pseudo=${Object.keys(req.headers).some((name) => name.startsWith(':'))}`);
    });
    entries.length = 0;
    proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example'), upstream: app.url, tls: certificate, shutdownTimeout: 1000, accessLog: (entry) => entries.push(entry) });
    port = (await proxy.listen()).port;
  });

  afterEach(async () => {
    session?.close();
    session = undefined;
    await proxy.close();
    await app.close();
  });

  it('serves HTTP/2: pass-through without hop-by-hop or internal headers, and the app sees Host, not pseudo-headers', async () => {
    session = connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
    const answer = await h2(session, '/hello?x=1');
    expect(answer.status).to.equal(200);
    expect(answer.body).to.equal(`app saw GET /hello?x=1 host=127.0.0.1:${port} pseudo=false`);
    expect(answer.headers['x-sendfile']).to.equal(undefined);
    expect(answer.headers['content-type']).to.equal('text/plain');
    await new Promise<void>((resolve) => {
      const wait = (): void => (entries.length > 0 ? resolve() : void setImmediate(wait));
      wait();
    });
    expect(entries[0]).to.include({ method: 'GET', url: '/hello?x=1', status: 200, outcome: 'pass', completed: true });
  });

  it('answers an X-Accel-Redirect over HTTP/2 with the redirect and the app’s Set-Cookie', async () => {
    session = connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
    const answer = await h2(session, '/download');
    expect(answer.status).to.equal(302);
    expect(answer.headers.location).to.equal('https://cdn.example/books/a.pdf?Signature=test');
    expect(answer.headers['set-cookie']).to.deep.equal(['seen=1']);
    expect(answer.body).to.equal('');
  });

  it('falls back to HTTP/1.1 for a client that does not offer h2', async () => {
    const answer = await new Promise<{ version: string; status: number; location: unknown }>((resolve, reject) => {
      httpsGet(`https://127.0.0.1:${port}/download`, { rejectUnauthorized: false, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ version: res.httpVersion, status: res.statusCode ?? 0, location: res.headers.location }));
      }).on('error', reject);
    });
    expect(answer).to.deep.equal({ version: '1.1', status: 302, location: 'https://cdn.example/books/a.pdf?Signature=test' });
  });

  it('answers curl --http2 over HTTP/2', async function () {
    const output = await new Promise<string | undefined>((resolve) => {
      execFile('curl', ['--http2', '-k', '-s', '-o', '/dev/null', '-w', '%{http_version} %{http_code} %{redirect_url}', `https://127.0.0.1:${port}/download`], (error, stdout) => resolve(error === null ? stdout : undefined));
    });
    if (output === undefined) {
      if (process.env.CI === 'true') throw new Error('curl with HTTP/2 is missing: CI must install it (apt-get install -y curl)');
      this.skip();
    }
    expect(output).to.equal('2 302 https://cdn.example/books/a.pdf?Signature=test');
  });

  it('setTls serves new connections with the new certificate', async () => {
    const before = await servedCertificate(port);
    const renewed = selfSignedCertificate('renewed.example');
    proxy.setTls(renewed);
    const after = await servedCertificate(port);
    expect(after).not.to.equal(before);
    expect(() => proxy.setTls({ cert: 'not a certificate', key: 'no' })).to.throw(/tls: the certificate and key cannot be used/);
  });

  it('close() lets an HTTP/2 stream in flight finish, then closes the session', async () => {
    await app.close();
    let finish: () => void = () => {};
    app = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('sl');
      finish = () => res.end('ow');
    });
    await proxy.close();
    proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example'), upstream: app.url, tls: certificate, shutdownTimeout: 5000 });
    port = (await proxy.listen()).port;
    session = connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
    const pending = h2(session, '/slow');
    const sessionClosed = new Promise((resolve) => session?.once('close', resolve));
    await new Promise<void>((resolve) => {
      const wait = (): void => {
        if (app.requests.length > 0) resolve();
        else setImmediate(wait);
      };
      wait();
    });
    const closed = proxy.close();
    finish();
    expect((await pending).body).to.equal('slow');
    await closed;
    await sessionClosed;
  });
});

describe('createAccelProxy tls option', () => {
  it('refuses a certificate and key that cannot be used, naming the field', () => {
    const make = (tls: unknown) => () => createAccelProxy({ accel: fakeAccel('https://cdn.example'), upstream: 'http://127.0.0.1:1', tls: tls as never });
    expect(make({ cert: 'x' })).to.throw(/^tls: expected \{ cert, key \}/);
    expect(make({ cert: 'not pem', key: 'not pem' })).to.throw(/^tls: the certificate and key cannot be used/);
  });

  it('cannot swap a certificate into a proxy created without TLS', async () => {
    const proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example'), upstream: 'http://127.0.0.1:1' });
    expect(() => proxy.setTls({ cert: 'a', key: 'b' })).to.throw(/^tls: cannot be set/);
    await proxy.close();
  });
});
