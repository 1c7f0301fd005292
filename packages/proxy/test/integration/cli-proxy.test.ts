import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCloudFrontUrl } from '@cdn-accel/core';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/capture-io.js';
import { connect } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import { spawnCli, type RunningCli } from './support/spawn-cli.js';
import { opensslAvailable, selfSignedCertificate } from './support/tls.js';
import { eventually, get, startServer, type TestServer } from './support/servers.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('cdn-accel proxy (the CLI)', function () {
  this.timeout(30_000);
  let dir: string;
  let app: TestServer;
  let cli: RunningCli | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdn-accel-cli-'));
    writeFileSync(join(dir, 'cf.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(
      join(dir, 'cdn-accel.json'),
      JSON.stringify({
        locations: { '/protected/': { type: 'cloudfront', url: 'https://d1.cloudfront.net/media/', keyPairId: 'K2JCJMDEHXQW5F', privateKey: { file: 'cf.pem' }, expiresIn: 300 } },
      }),
    );
    app = await startServer((req, res) => {
      if (req.url === '/download') res.writeHead(200, { 'X-Accel-Redirect': '/protected/books/moby dick.pdf' }).end();
      else res.end(`app ${req.url}`);
    });
  });

  afterEach(async () => {
    if (cli !== undefined && cli.child.exitCode === null) {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
    cli = undefined;
  });

  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('documents every option in --help', async () => {
    const io = captureIo();
    expect(await runCli(['proxy', '--help'], io)).to.equal(0);
    for (const flag of ['--upstream', '--listen', '--config', '--workers', '--health-path', '--access-log', '--trust-forwarded', '--upstream-timeout', '--stream-timeout', '--shutdown-timeout', '--tls-cert', '--tls-key', 'SIGHUP', '"file"', '"env"']) {
      expect(io.out).to.contain(flag);
    }
  });

  it('exits 2 on --tls-cert without --tls-key, or a certificate file it cannot read', async () => {
    let io = captureIo({ cwd: dir });
    expect(await runCli(['proxy', '--upstream', 'http://127.0.0.1:1', '--config', 'cdn-accel.json', '--tls-cert', 'cert.pem'], io)).to.equal(2);
    expect(io.err).to.contain('--tls-key is missing: --tls-cert and --tls-key go together');
    io = captureIo({ cwd: dir });
    expect(await runCli(['proxy', '--upstream', 'http://127.0.0.1:1', '--config', 'cdn-accel.json', '--tls-cert', 'missing.pem', '--tls-key', 'missing-key.pem'], io)).to.equal(2);
    expect(io.err).to.match(/--tls-cert: cannot read .*missing\.pem \(ENOENT\)/);
  });

  it('serves HTTPS over HTTP/2 with --tls-cert/--tls-key, and re-reads them on SIGHUP', async function () {
    if (!opensslAvailable('the CLI TLS test')) this.skip();
    const first = selfSignedCertificate('first.example');
    writeFileSync(join(dir, 'tls-cert.pem'), first.cert);
    writeFileSync(join(dir, 'tls-key.pem'), first.key);
    cli = spawnCli(['proxy', '--upstream', app.url, '--config', 'cdn-accel.json', '--listen', '127.0.0.1:0', '--tls-cert', 'tls-cert.pem', '--tls-key', 'tls-key.pem'], { cwd: dir });
    await eventually(() => cli!.ports().length === 1, 25_000);
    const port = cli.ports()[0] as number;
    expect(cli.stderr()).to.contain(`listening on https://127.0.0.1:${port}`);
    const session = connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
    try {
      const status = await new Promise<unknown>((resolve, reject) => {
        const stream = session.request({ ':path': '/download' }, { endStream: true });
        stream.on('error', reject);
        stream.once('response', (headers) => resolve(headers[':status']));
        stream.resume();
      });
      expect(status).to.equal(302);
      expect(session.alpnProtocol).to.equal('h2');
      expect((session.socket as TLSSocket).getPeerCertificate().subject.CN).to.equal('first.example');
    } finally {
      session.close();
    }
    const second = selfSignedCertificate('second.example');
    writeFileSync(join(dir, 'tls-cert.pem'), second.cert);
    writeFileSync(join(dir, 'tls-key.pem'), second.key);
    cli.child.kill('SIGHUP');
    await eventually(() => cli!.stderr().includes('SIGHUP, certificate and key reloaded'), 25_000);
    const renewed = connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
    try {
      await new Promise((resolve, reject) => {
        renewed.once('connect', resolve);
        renewed.once('error', reject);
      });
      expect((renewed.socket as TLSSocket).getPeerCertificate().subject.CN).to.equal('second.example');
    } finally {
      renewed.close();
    }
    cli.child.kill('SIGTERM');
    expect(await cli.exited).to.equal(0);
  });

  it('exits 2 with the usage on a missing --config or --upstream, or a bad --workers', async () => {
    let io = captureIo();
    expect(await runCli(['proxy', '--upstream', 'http://127.0.0.1:1'], io)).to.equal(2);
    expect(io.err).to.contain('--config is required');
    io = captureIo({ cwd: dir });
    expect(await runCli(['proxy', '--config', 'cdn-accel.json'], io)).to.equal(2);
    expect(io.err).to.contain('--upstream is required');
    io = captureIo({ cwd: dir });
    expect(await runCli(['proxy', '--config', 'cdn-accel.json', '--upstream', 'http://x', '--workers', 'many'], io)).to.equal(2);
    expect(io.err).to.contain('--workers');
  });

  it('exits 1 naming the field when the config is wrong', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ locations: { '/p/': { type: 'cloudfront', url: 'https://d1.cloudfront.net/', keyPairId: 'K', privateKey: { env: 'CF_KEY' } } } }));
    const io = captureIo({ cwd: dir });
    expect(await runCli(['proxy', '--config', 'bad.json', '--upstream', 'http://127.0.0.1:1'], io)).to.equal(1);
    expect(io.err).to.contain('locations["/p/"].privateKey').and.contain('CF_KEY').and.contain('ERR_ACCEL_CONFIG');
  });

  it('serves: pass-through, a signed redirect the verifier accepts, health, access log; exits 0 on SIGTERM', async () => {
    cli = spawnCli(['proxy', '--upstream', app.url, '--config', 'cdn-accel.json', '--listen', '127.0.0.1:0', '--health-path', '/healthz', '--access-log'], { cwd: dir });
    await eventually(() => cli!.ports().length === 1, 20_000);
    const base = `http://127.0.0.1:${cli.ports()[0]}`;
    expect((await get(`${base}/hello`)).body.toString()).to.equal('app /hello');
    const redirect = await get(`${base}/download`);
    expect(redirect.status).to.equal(302);
    const location = String(redirect.headers.location);
    expect(location).to.match(/^https:\/\/d1\.cloudfront\.net\/media\/books\/moby%20dick\.pdf\?Expires=/);
    const verdict = verifyCloudFrontUrl(location, { publicKeys: { K2JCJMDEHXQW5F: publicKey } });
    expect(verdict.ok, JSON.stringify(verdict)).to.equal(true);
    expect((await get(`${base}/healthz`)).status).to.equal(200);
    await eventually(() => cli!.stdout().split('\n').filter(Boolean).length >= 3, 25_000);
    const entries = cli.stdout().trim().split('\n').map((line) => JSON.parse(line) as { outcome: string; status: number });
    expect(entries.map((entry) => entry.outcome)).to.deep.equal(['pass', 'redirect', 'health']);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).to.equal(0);
    expect(cli.stderr()).to.contain('SIGTERM, finishing requests in flight');
  });

  it('--workers 2 runs two workers on one port and stops them all on SIGTERM', async () => {
    cli = spawnCli(['proxy', '--upstream', app.url, '--config', 'cdn-accel.json', '--listen', '127.0.0.1:0', '--workers', '2'], { cwd: dir });
    await eventually(() => cli!.ports().length === 2, 25_000);
    const [first, second] = cli.ports();
    expect(first).to.equal(second);
    const results = await Promise.all(Array.from({ length: 10 }, () => get(`http://127.0.0.1:${first}/x`)));
    expect(results.every((res) => res.status === 200)).to.equal(true);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).to.equal(0);
  });

  it('Ctrl-C with workers (SIGINT to the whole group) still drains a request in flight', async () => {
    let finish: (() => void) | undefined;
    const slow = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '4' });
      res.write('sl');
      finish = () => res.end('ow');
    });
    try {
      cli = spawnCli(['proxy', '--upstream', slow.url, '--config', 'cdn-accel.json', '--listen', '127.0.0.1:0', '--workers', '2'], { cwd: dir, detached: true });
      await eventually(() => cli!.ports().length === 2, 25_000);
      const pending = get(`http://127.0.0.1:${cli.ports()[0]}/slow`);
      await eventually(() => finish !== undefined, 25_000);
      process.kill(-(cli.child.pid as number), 'SIGINT');
      // Both workers are draining before the response may finish. A worker may hear the primary's SIGTERM before
      // the terminal's SIGINT reaches it; either one starts the drain.
      await eventually(() => (cli!.stderr().match(/: SIG(INT|TERM), finishing requests in flight/g) ?? []).length === 2, 25_000);
      finish?.();
      expect((await pending).body.toString()).to.equal('slow');
      expect(await cli.exited).to.equal(0);
    } finally {
      await slow.close();
    }
  });

  it('--workers replaces a worker that dies', async () => {
    cli = spawnCli(['proxy', '--upstream', app.url, '--config', 'cdn-accel.json', '--listen', '127.0.0.1:0', '--workers', '2'], { cwd: dir });
    await eventually(() => cli!.ports().length === 2, 25_000);
    const pid = Number(/worker (\d+)\) listening/.exec(cli.stderr())?.[1]);
    process.kill(pid, 'SIGKILL');
    await eventually(() => cli!.stderr().includes(`worker ${pid} died`) && cli!.ports().length === 3, 25_000);
    expect((await get(`http://127.0.0.1:${cli.ports()[0]}/x`)).status).to.equal(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).to.equal(0);
  });

  it('exits 1 with a clear line when it cannot listen, with or without workers', async () => {
    const taken = await startServer((_req, res) => res.end());
    try {
      cli = spawnCli(['proxy', '--upstream', app.url, '--config', 'cdn-accel.json', '--listen', `127.0.0.1:${taken.port}`, '--workers', '2'], { cwd: dir });
      expect(await cli.exited).to.equal(1);
      expect(cli.stderr()).to.contain('failed to start');
      cli = spawnCli(['proxy', '--upstream', app.url, '--config', 'cdn-accel.json', '--listen', `127.0.0.1:${taken.port}`], { cwd: dir });
      expect(await cli.exited).to.equal(1);
      expect(cli.stderr()).to.contain(`cannot listen on 127.0.0.1:${taken.port} (EADDRINUSE)`);
    } finally {
      await taken.close();
    }
  });
});
