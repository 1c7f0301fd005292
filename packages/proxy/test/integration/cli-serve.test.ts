import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli, type RunningCli } from './support/spawn-cli.js';
import { eventually, get } from './support/servers.js';

describe('cdn-accel serve (the CLI, spawned)', function () {
  this.timeout(30_000);
  let dir: string;
  let cli: RunningCli | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdn-accel-serve-cli-'));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(dir, 'cf.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'cdn-accel.json'), JSON.stringify({
      upstream: 'http://127.0.0.1:8000',
      locations: {
        '/protected/': { type: 'cloudfront', url: 'https://d1.cloudfront.net/media/', keyPairId: 'K1', privateKey: { file: 'cf.pem' } },
        '/bound/': { type: 'cloudfront', url: 'https://d1.cloudfront.net/bound/', keyPairId: 'K1', privateKey: { file: 'cf.pem' }, ip: 'client' },
      },
    }));
  });

  afterEach(async () => {
    if (cli !== undefined && cli.child.exitCode === null) {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
    cli = undefined;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--workers 2 share one port; says what it does not use; SIGTERM stops them all', async () => {
    cli = spawnCli(['serve', '--config', 'cdn-accel.json', '--listen', '127.0.0.1:0', '--workers', '2', '--health-path', '/healthz'], { cwd: dir });
    await eventually(() => cli!.ports().length === 2, 25_000);
    const [first, second] = cli.ports();
    expect(first).to.equal(second);
    const stderr = cli.stderr();
    expect(stderr).to.contain('"upstream" in the config is not used');
    expect(stderr).to.contain("ip: 'client'").and.contain('trustForwarded is off');
    expect(stderr).to.contain('cdn-accel serve: starting 2 workers');
    expect(stderr).not.to.contain('not on loopback');
    const replies = await Promise.all(Array.from({ length: 6 }, () => get(`http://127.0.0.1:${first}/protected/a.pdf`)));
    expect(replies.map((reply) => reply.status)).to.deep.equal([302, 302, 302, 302, 302, 302]);
    expect((await get(`http://127.0.0.1:${first}/healthz`)).status).to.equal(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).to.equal(0);
  });

  it('exits 1 with a clear line when it cannot listen', async () => {
    cli = spawnCli(['serve', '--config', 'cdn-accel.json', '--listen', '192.0.2.1:8081'], { cwd: dir });
    expect(await cli.exited).to.equal(1);
    expect(cli.stderr()).to.match(/cdn-accel serve: cannot listen on 192\.0\.2\.1:8081 \(EADDRNOTAVAIL\)/);
  });
});
