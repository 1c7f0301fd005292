import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudfront, createAccel, verifyCloudFrontUrl, type AccelTarget, type RedirectDecision } from '@cdn-accel/core';
import { objectHandler, policySourceIp, rsaKeys } from '@cdn-accel/contract-tests';
import { createAccelBackend, nginxInternalBackendSnippet, runCli, type AccelBackend } from '../../src/index.js';
import { captureIo } from '../helpers/capture-io.js';
import { freePort, requireNginx, startNginx, type RunningNginx } from './support/nginx.js';
import { startServer, type TestServer } from './support/servers.js';
import { spawnCli, type RunningCli } from './support/spawn-cli.js';

const OBJECT = Buffer.from('0123456789'.repeat(10));
const DISPOSITION = 'attachment; filename="moby dick.pdf"';
const SESSION = 'session=abc; Path=/; HttpOnly';
const APP_EXPIRES = 'Thu, 01 Jan 2037 00:00:00 GMT';
const OBJECT_EXPIRES = 'Fri, 01 Jan 2027 00:00:00 GMT';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/** One request to nginx from `localAddress` (any 127/8 address on Linux), so that $remote_addr is not Nginx's own. */
function fetchFrom(url: string, options: { method?: string; headers?: Record<string, string>; localAddress?: string; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false, localAddress: options.localAddress ?? '127.0.0.2' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** How many times the response carries header `name`. */
function count(reply: Reply, name: string): number {
  return reply.rawHeaders.filter((value, index) => index % 2 === 0 && value.toLowerCase() === name).length;
}

/**
 * The app behind Nginx: `/download/<internal path>` answers `X-Accel-Redirect: /<internal path>?<query>` (or the
 * value of `?to=`) with a
 * file name, a session cookie, a default Content-Type and, for `?ttl=S`, X-Accel-Expires; `?plain` leaves the
 * Content-Disposition out. Its body is never seen.
 */
function appHandler(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://app');
  if (!url.pathname.startsWith('/download/')) {
    res.end(`app page ${url.pathname}`);
    return;
  }
  // ?to= names the X-Accel-Redirect value itself (UTF-8, sent as its bytes); otherwise it is the rest of the path.
  const to = url.searchParams.get('to');
  const target = to === null ? `${url.pathname.slice('/download'.length)}${url.search}` : Buffer.from(to, 'utf8').toString('latin1');
  const headers: Array<[string, string]> = [['X-Accel-Redirect', target], ['Set-Cookie', SESSION], ['Content-Type', 'text/html; charset=utf-8']];
  if (!url.searchParams.has('plain')) headers.push(['Content-Disposition', DISPOSITION]);
  const expires = url.searchParams.get('ttl');
  if (expires !== null) headers.push(['X-Accel-Expires', expires]);
  if (url.searchParams.has('kept')) headers.push(['Expires', APP_EXPIRES], ['Accept-Ranges', 'bytes'], ['Cache-Control', 'private, max-age=60']);
  res.writeHead(200, headers.flat());
  // A Buffer: Node writes a string body's first chunk together with the header block, in the body's encoding,
  // which would turn the X-Accel-Redirect bytes above into UTF-8 of their Latin-1 reading.
  res.end(Buffer.from('the app body, dropped by Nginx'));
}

describe('cdn-accel serve behind a real Nginx (the backend of its internal locations)', function () {
  this.timeout(30_000);
  const { privateKey, publicKey } = rsaKeys();
  let app: TestServer;
  let origin: TestServer;

  const locations = (): Record<string, AccelTarget> => ({
    '/protected/': cloudfront({ url: 'https://d1.cloudfront.net/media/', keyPairId: 'K1', privateKey, carryHeaders: { contentDisposition: true } }),
    '/unsaved/': cloudfront({ url: 'https://d1.cloudfront.net/unsaved/', keyPairId: 'K1', privateKey, carryHeaders: { contentDisposition: true } }),
    '/bound/': cloudfront({ url: 'https://d1.cloudfront.net/bound/', keyPairId: 'K1', privateKey, ip: 'client' }),
    '/videos/': cloudfront({ url: 'https://video.example.com/', keyPairId: 'K1', privateKey, mode: 'cookies' }),
    '/media/': cloudfront({ url: `${origin.url}/`, keyPairId: 'K1', privateKey, mode: 'stream' }),
  });
  const verify = (url: string, clientIp?: string) => verifyCloudFrontUrl(url, { publicKeys: { K1: publicKey }, ...(clientIp === undefined ? {} : { clientIp }) });

  before(async function () {
    if (!requireNginx('the Nginx internal-backend tests')) this.skip();
    app = await startServer(appHandler);
    const objects = objectHandler({ '/books/a.bin': OBJECT });
    // The object carries an Expires, a Cache-Control and an Accept-Ranges of its own, as S3 objects may.
    origin = await startServer((req, res) => {
      res.setHeader('Expires', OBJECT_EXPIRES);
      res.setHeader('Cache-Control', 'public, max-age=86400');
      objects(req, res);
    });
  });

  after(async () => {
    await app?.close();
    await origin?.close();
  });

  /** The server block: the app at /, the internal locations on `backend`, as nginxInternalBackendSnippet writes them. */
  function serverBlock(backendPort: number, extra = ''): string {
    const listen = `127.0.0.1:${backendPort}`;
    return [
      `    location / { proxy_pass ${app.url}; }`,
      ...['/protected/', '/bound/', '/videos/', '/media/', '/archive/'].map((prefix) => nginxInternalBackendSnippet(prefix, listen)),
      extra,
    ].join('\n');
  }

  describe('with the backend in-process, trusting Nginx', () => {
    let backend: AccelBackend;
    let nginx: RunningNginx;

    before(async () => {
      backend = createAccelBackend({ locations: locations(), cache: false, trustForwarded: true });
      const { port } = await backend.listen();
      // The snippet without its `set` lines, reading $upstream_http_* in proxy_set_header: a first attempt at it.
      const unsaved = nginxInternalBackendSnippet('/unsaved/', `127.0.0.1:${port}`)
        .split('\n')
        .filter((line) => !line.trim().startsWith('set '))
        .join('\n')
        .replace(/\$accel_([a-z_]+);/g, '$upstream_http_$1;');
      nginx = await startNginx(serverBlock(port, unsaved));
    });

    after(async () => {
      await nginx?.stop();
      await backend?.close();
    });

    it('gives the client the signed redirect, the app\'s cookie, and the file name signed into the URL', async () => {
      const reply = await fetchFrom(`${nginx.url}/download/protected/books/moby%20dick.pdf?v=2`);
      expect(reply.status).to.equal(302);
      const location = reply.headers.location as string;
      expect(location.startsWith('https://d1.cloudfront.net/media/books/moby%20dick.pdf?v=2&response-content-disposition=')).to.equal(true);
      expect(new URL(location).searchParams.get('response-content-disposition')).to.equal(DISPOSITION);
      expect(verify(location)).to.deep.include({ ok: true });
      expect(reply.headers['set-cookie']).to.deep.equal([SESSION]);
      // Nginx keeps the app's Cache-Control and Content-Type on the redirect and adds cdn-accel's: no-store wins.
      expect(reply.headers['cache-control']).to.contain('private, no-store');
      expect(reply.body.length).to.equal(0);
    });

    it('needs the saved variables: $upstream_http_* read in proxy_set_header already names the new, empty upstream', async () => {
      const unsaved = await fetchFrom(`${nginx.url}/download/unsaved/a.pdf`);
      expect(unsaved.status).to.equal(302);
      expect(new URL(unsaved.headers.location as string).searchParams.has('response-content-disposition')).to.equal(false);
      const saved = await fetchFrom(`${nginx.url}/download/protected/a.pdf`);
      expect(new URL(saved.headers.location as string).searchParams.get('response-content-disposition')).to.equal(DISPOSITION);
    });

    it('signs the object the app named, however it encoded it: Nginx decodes the path once and re-escapes it', async () => {
      const engine = createAccel({ locations: locations(), cache: false });
      const values = ['moby%20dick.pdf', 'caf%C3%A9.pdf', 'café.pdf', 'a b.pdf', 'a+b.pdf?x=a+b%20c&y=%2F', 'a%3Fb.pdf', 'a%25b.pdf', 'a%23b.pdf', 'a;b.pdf', 'a%2Fb.pdf', "it's (1).pdf"];
      for (const value of values) {
        const reply = await fetchFrom(`${nginx.url}/download/x?plain&to=${encodeURIComponent(`/protected/${value}`)}`);
        const direct = await engine.decide({ method: 'GET' }, { getHeader: (name) => (name === 'x-accel-redirect' ? Buffer.from(`/protected/${value}`, 'utf8').toString('latin1') : undefined) });
        const [[, expected]] = (direct as RedirectDecision).headers as [[string, string]];
        expect((reply.headers.location as string).split('Expires=')[0], value).to.equal(expected.split('Expires=')[0]);
      }
    });

    it('takes the signature\'s lifetime from the app\'s X-Accel-Expires', async () => {
      const before = Math.floor(Date.now() / 1000);
      const reply = await fetchFrom(`${nginx.url}/download/protected/a.pdf?ttl=60`);
      const after = Math.ceil(Date.now() / 1000);
      const expires = Number(new URL(reply.headers.location as string).searchParams.get('Expires'));
      expect(expires).to.be.within(before + 60, after + 60);
    });

    it('SECURITY: a client cannot forge the relayed app headers or its address', async () => {
      const sentAt = Math.floor(Date.now() / 1000);
      const reply = await fetchFrom(`${nginx.url}/download/protected/a.pdf?plain`, {
        headers: { 'X-Accel-App-Content-Disposition': 'inline; filename="evil.html"', 'X-Accel-App-X-Accel-Expires': '10' },
      });
      expect(reply.status).to.equal(302);
      const signed = new URL(reply.headers.location as string);
      expect(signed.searchParams.has('response-content-disposition')).to.equal(false);
      expect(Number(signed.searchParams.get('Expires'))).to.be.at.least(sentAt + 300);
      const bound = await fetchFrom(`${nginx.url}/download/bound/a.pdf`, { headers: { 'X-Real-IP': '203.0.113.9', 'X-Forwarded-For': '203.0.113.9' } });
      expect(policySourceIp(bound.headers.location as string)).to.equal('127.0.0.2/32');
    });

    it('binds ip: \'client\' locations to the client\'s address from X-Real-IP', async () => {
      const reply = await fetchFrom(`${nginx.url}/download/bound/a.pdf`, { localAddress: '127.0.0.3' });
      const location = reply.headers.location as string;
      expect(policySourceIp(location)).to.equal('127.0.0.3/32');
      expect(verify(location, '127.0.0.3')).to.deep.include({ ok: true });
      expect(verify(location, '127.0.0.1')).to.deep.include({ ok: false, reason: 'ip-mismatch' });
    });

    it('sets the signed cookies beside the app\'s', async () => {
      const reply = await fetchFrom(`${nginx.url}/download/videos/42/index.m3u8`);
      expect(reply.status).to.equal(302);
      expect(reply.headers.location).to.equal('https://video.example.com/42/index.m3u8');
      const cookies = (reply.headers['set-cookie'] ?? []).map((line) => line.slice(0, line.indexOf('=')));
      expect(cookies[0]).to.equal('session');
      expect(cookies.slice(1)).to.include.members(['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);
    });

    it('streams a stream location: bytes, Range, the app\'s file name and cookie, each header once', async () => {
      const whole = await fetchFrom(`${nginx.url}/download/media/books/a.bin`);
      expect(whole.status).to.equal(200);
      expect(whole.body).to.deep.equal(OBJECT);
      expect(whole.headers['content-disposition']).to.equal(DISPOSITION);
      expect(count(whole, 'content-disposition')).to.equal(1);
      expect(whole.headers['set-cookie']).to.deep.equal([SESSION]);
      expect(whole.headers['x-amz-request-id']).to.equal(undefined);
      const part = await fetchFrom(`${nginx.url}/download/media/books/a.bin`, { headers: { Range: 'bytes=10-14' } });
      expect(part.status).to.equal(206);
      expect(part.body.toString()).to.equal('01234');
      expect(part.headers['content-range']).to.equal('bytes 10-14/100');
    });

    it("streams with the app's Expires, Cache-Control and Accept-Ranges in place of the object's, each once, as Nginx keeps them", async () => {
      const reply = await fetchFrom(`${nginx.url}/download/media/books/a.bin?kept`);
      expect(reply.status).to.equal(200);
      expect(reply.body).to.deep.equal(OBJECT);
      for (const name of ['expires', 'cache-control', 'accept-ranges']) expect(count(reply, name), name).to.equal(1);
      expect(reply.headers.expires).to.equal(APP_EXPIRES);
      expect(reply.headers['cache-control']).to.equal('private, max-age=60');
      // Without the app's, the object's come through.
      const plain = await fetchFrom(`${nginx.url}/download/media/books/a.bin`);
      expect(plain.headers.expires).to.equal(OBJECT_EXPIRES);
      expect(plain.headers['accept-ranges']).to.equal('bytes');
    });

    it('answers 404 for an internal path no cdn-accel location maps', async () => {
      const reply = await fetchFrom(`${nginx.url}/download/archive/a.pdf`);
      expect(reply.status).to.equal(404);
      expect(reply.headers.location).to.equal(undefined);
    });

    it('keeps Nginx\'s own rules: internal locations stay internal, and a POST is followed as a GET', async () => {
      expect((await fetchFrom(`${nginx.url}/protected/a.pdf`)).status).to.equal(404);
      const posted = await fetchFrom(`${nginx.url}/download/protected/a.pdf`, { method: 'POST', body: 'form=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(posted.status).to.equal(302);
    });
  });

  it('without --trust-forwarded, binds to Nginx\'s own address whatever X-Real-IP says', async () => {
    const backend = createAccelBackend({ locations: locations(), cache: false });
    const { port } = await backend.listen();
    const nginx = await startNginx(serverBlock(port));
    try {
      const reply = await fetchFrom(`${nginx.url}/download/bound/a.pdf`, { localAddress: '127.0.0.3' });
      expect(policySourceIp(reply.headers.location as string)).to.equal('127.0.0.1/32');
    } finally {
      await nginx.stop();
      await backend.close();
    }
  });

  describe('the CLI', () => {
    let dir: string;
    let cli: RunningCli | undefined;

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'cdn-accel-serve-'));
      writeFileSync(join(dir, 'cf.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(join(dir, 'cdn-accel.json'), JSON.stringify({
        locations: {
          '/protected/': { type: 'cloudfront', url: 'https://d1.cloudfront.net/media/', keyPairId: 'K1', privateKey: { file: 'cf.pem' }, carryHeaders: { contentDisposition: true } },
          '/bound/': { type: 'cloudfront', url: 'https://d1.cloudfront.net/bound/', keyPairId: 'K1', privateKey: { file: 'cf.pem' }, ip: 'client' },
        },
      }));
    });

    after(async () => {
      if (cli !== undefined && cli.child.exitCode === null) {
        cli.child.kill('SIGKILL');
        await cli.exited;
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('cdn-accel serve, behind the location blocks that --nginx-snippet prints, signs and binds; SIGTERM stops it', async () => {
      const port = await freePort();
      const io = captureIo({ cwd: dir });
      expect(await runCli(['serve', '--config', 'cdn-accel.json', '--listen', `127.0.0.1:${port}`, '--nginx-snippet'], io)).to.equal(0);
      expect(io.out).to.contain('location /protected/ {').and.contain('location /bound/ {').and.contain(`proxy_pass http://127.0.0.1:${port};`);
      cli = spawnCli(['serve', '--config', 'cdn-accel.json', '--listen', `127.0.0.1:${port}`, '--trust-forwarded'], { cwd: dir });
      const nginx = await startNginx(`    location / { proxy_pass ${app.url}; }\n${io.out}`);
      try {
        while (cli.ports().length === 0) {
          if (cli.child.exitCode !== null) throw new Error(cli.stderr());
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(cli.stderr()).to.contain(`listening on http://127.0.0.1:${port} `);
        const reply = await fetchFrom(`${nginx.url}/download/protected/books/moby%20dick.pdf`);
        expect(reply.status).to.equal(302);
        expect(verify(reply.headers.location as string)).to.deep.include({ ok: true });
        expect(new URL(reply.headers.location as string).searchParams.get('response-content-disposition')).to.equal(DISPOSITION);
        expect(reply.headers['set-cookie']).to.deep.equal([SESSION]);
        const bound = await fetchFrom(`${nginx.url}/download/bound/a.pdf`, { localAddress: '127.0.0.3' });
        expect(policySourceIp(bound.headers.location as string)).to.equal('127.0.0.3/32');
      } finally {
        await nginx.stop();
      }
      cli.child.kill('SIGTERM');
      expect(await cli.exited).to.equal(0);
    });
  });
});
