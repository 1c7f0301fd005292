import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/capture-io.js';
import { spawnCli, type RunningCli } from './support/spawn-cli.js';
import { eventually, get, startServer, type TestServer } from './support/servers.js';

describe('cdn-accel proxy with a "files" location (the CLI)', function () {
  this.timeout(30_000);
  let dir: string;
  let app: TestServer;
  let cli: RunningCli | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdn-accel-cli-files-'));
    mkdirSync(join(dir, 'files', 'books'), { recursive: true });
    writeFileSync(join(dir, 'files', 'books', 'moby dick.txt'), 'Call me Ishmael.');
    writeFileSync(join(dir, 'cdn-accel.json'), JSON.stringify({ locations: { '/protected/': { type: 'files', root: join(dir, 'files') } } }));
    app = await startServer((req, res) => {
      if (req.url === '/download') res.writeHead(200, { 'X-Accel-Redirect': '/protected/books/moby%20dick.txt', 'Content-Disposition': 'attachment; filename="moby.txt"' }).end('app body');
      else if (req.url === '/dotfile') res.writeHead(200, { 'X-Accel-Redirect': '/protected/.env' }).end();
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

  it('serves the file the app names, with a Range, and refuses a dotfile', async () => {
    cli = spawnCli(['proxy', '--upstream', app.url, '--config', 'cdn-accel.json', '--listen', '127.0.0.1:0'], { cwd: dir });
    await eventually(() => cli!.ports().length === 1, 25_000);
    const base = `http://127.0.0.1:${cli.ports()[0] as number}`;
    const whole = await get(`${base}/download`);
    expect(whole.status).to.equal(200);
    expect(whole.body.toString()).to.equal('Call me Ishmael.');
    expect(whole.headers['content-type']).to.equal('text/plain');
    expect(whole.headers['content-disposition']).to.equal('attachment; filename="moby.txt"');
    const part = await get(`${base}/download`, { headers: { Range: 'bytes=0-3' } });
    expect(part.status).to.equal(206);
    expect(part.body.toString()).to.equal('Call');
    expect((await get(`${base}/dotfile`)).status).to.equal(404);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).to.equal(0);
  });

  it('exits 1 naming the field when root is not a folder', async () => {
    writeFileSync(join(dir, 'relative.json'), JSON.stringify({ locations: { '/protected/': { type: 'files', root: 'files' } } }));
    const io = captureIo({ cwd: dir });
    expect(await runCli(['proxy', '--config', 'relative.json', '--upstream', 'http://127.0.0.1:1'], io)).to.equal(1);
    expect(io.err).to.contain('locations["/protected/"].root: "files" is a relative path').and.contain('ERR_ACCEL_CONFIG');
  });
});
