import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendBytes } from '@cdn-accel/contract-tests';
import { writeSampleMedia } from '@cdn-accel/dev-cdn';
import { runCli } from '@cdn-accel/proxy';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const proxyBin = fileURLToPath(new URL('./cli/bin.ts', import.meta.resolve('@cdn-accel/proxy')));
const tsx = import.meta.resolve('tsx');
const signedIn = { Cookie: 'session=let-me-in' };

interface Printed {
  out: string;
  err: string;
}

async function translate(args: string[]): Promise<Printed & { status: number }> {
  const io = { out: '', err: '', env: {}, cwd: exampleDir, now: () => Date.now() } as Printed & { env: NodeJS.ProcessEnv; cwd: string; now: () => number };
  const status = await runCli(['from-nginx', ...args], { ...io, stdout: (text) => { io.out += text; }, stderr: (text) => { io.err += text; } });
  return { status, out: io.out, err: io.err };
}

/** Starts a child and resolves with the port of its "listening on http://host:port" line. */
function listening(command: string, args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(command, args, { cwd: exampleDir, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on http:\/\/[^\s]+:(\d+)/.exec(output);
      if (match !== null) resolve({ child, port: Number(match[1]) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before listening:\n${output}`)));
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('examples/legacy-proxy: its nginx.conf, translated by cdn-accel from-nginx, serves the app', function () {
  this.timeout(60_000);
  let dir: string;
  let app: ChildProcess | undefined;
  let proxy: ChildProcess | undefined;
  let proxyUrl: string;
  let book: Buffer;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cdn-accel-legacy-from-nginx-'));
    const media = path.join(dir, 'media');
    writeSampleMedia(media);
    book = readFileSync(path.join(media, 'books', 'moby dick.pdf'));
    const { status, out, err } = await translate(['nginx.conf']);
    expect(status, err).to.equal(0);
    // The folder Nginx served from becomes the test's copy of the books.
    writeFileSync(path.join(dir, 'cdn-accel.json'), out.split('/srv/legacy-app/media/').join(`${media}/`));
    const started = await listening('python3', ['app/app.py', '--port', '0']);
    app = started.child;
    const proxied = await listening(process.execPath, ['--conditions=source', '--import', tsx, proxyBin, 'proxy', '--config', path.join(dir, 'cdn-accel.json'), '--upstream', `http://127.0.0.1:${started.port}`, '--listen', '127.0.0.1:0']);
    proxy = proxied.child;
    proxyUrl = `http://127.0.0.1:${proxied.port}`;
  });

  after(async () => {
    await stop(proxy);
    await stop(app);
    rmSync(dir, { recursive: true, force: true });
  });

  it('translates both internal locations into files locations, and reports expires and limit_rate', async () => {
    const { out, err } = await translate(['nginx.conf']);
    const config = JSON.parse(out) as { upstream: string; listen: string; locations: Record<string, { type: string; root: string; expires?: number; limitRate?: number }> };
    expect(config.upstream).to.equal('http://127.0.0.1:8000');
    expect(config.listen).to.equal('127.0.0.1:8080');
    expect(Object.entries(config.locations).map(([key, location]) => [key, location.type, location.root])).to.deep.equal([
      ['/protected/', 'files', '/srv/legacy-app/media/'],
      ['/streamed/', 'files', '/srv/legacy-app/media/'],
    ]);
    expect(config.locations['/protected/']).to.include({ expires: 3600 });
    expect(config.locations['/streamed/']).to.include({ limitRate: 1048576 });
    expect(err).to.match(/^nginx\.conf:26: translated: expires 1h: "expires": 3600$/m);
    expect(err).to.match(/^nginx\.conf:33: translated: limit_rate 1m: "limitRate": 1048576; the app's X-Accel-Limit-Rate wins/m);
  });

  it('is the nginx.conf the migration guide walks through', () => {
    const guide = readFileSync(path.join(exampleDir, '../../docs/migrating-from-nginx.md'), 'utf8');
    expect(guide).to.include(`cat > nginx.conf <<'EOF'\n${readFileSync(path.join(exampleDir, 'nginx.conf'), 'utf8')}EOF\n`);
  });

  it('serves an authorized download with the app\'s file name, and lets the app refuse an anonymous one', async () => {
    const download = await sendBytes(`${proxyUrl}/download/moby%20dick.pdf`, '', { headers: signedIn });
    expect(download.status).to.equal(200);
    expect(download.body.equals(book)).to.equal(true);
    expect(download.headers['content-disposition']).to.equal('attachment; filename="moby dick.pdf"');
    expect((await sendBytes(`${proxyUrl}/download/moby%20dick.pdf`, '', {})).status).to.equal(403);
  });

  it('serves a byte range from the stream location', async () => {
    const part = await sendBytes(`${proxyUrl}/stream/moby%20dick.pdf`, '', { headers: { ...signedIn, Range: 'bytes=0-3' } });
    expect(part.status).to.equal(206);
    expect(part.body.toString()).to.equal('%PDF');
  });
});
