import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, packedTarballs, run, runScript, type Outcome, type Packed } from './tarballs.js';

// The local CDN emulator is a package of its own, so that a production install of the proxy carries none of its
// dependencies. `cdn-accel dev-cdn` loads it when it runs: without it, one line says what to install; once
// installed, the command starts it. Checked on the packed tarballs in a fresh project, as a user installs them.
const emulatorOnly = ['@cdn-accel/dev-cdn', 'fresh', 'mime-types', 'range-parser'];

function cdnAccel(project: string, args: string[]): Promise<Outcome> {
  return runScript(join(project, 'node_modules/.bin/cdn-accel'), args, project);
}

describe('packaging: @cdn-accel/proxy without and with @cdn-accel/dev-cdn', function () {
  this.timeout(240_000);
  let tarballs: Packed[] = [];
  let project = '';
  const tarballOf = (name: string) => tarballs.find((packed) => packed.name === name)!.tarball;
  const devCdnArgs = ['dev-cdn', '--root', 'media', '--public-key', 'public.pem', '--key-pair-id', 'KPACKAGING', '--listen', '127.0.0.1:0'];

  before(async () => {
    tarballs = await packedTarballs();
    project = await mkdtemp(join(tmpdir(), 'cdn-accel-dev-cdn-install-'));
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'production', private: true }));
    await mkdir(join(project, 'media'));
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(join(project, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarballOf('@cdn-accel/core'), tarballOf('@cdn-accel/proxy')], { cwd: project });
  });

  after(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('a production install of the proxy carries neither the emulator nor its dependencies', () => {
    expect(existsSync(join(project, 'node_modules/@cdn-accel/proxy/package.json'))).to.equal(true);
    expect(emulatorOnly.filter((name) => existsSync(join(project, 'node_modules', name)))).to.deep.equal([]);
  });

  it('cdn-accel dev-cdn without the emulator: one line that says what to install, exit 1', async () => {
    expect(await cdnAccel(project, devCdnArgs)).to.deep.equal({
      code: 1,
      stdout: '',
      stderr: 'cdn-accel dev-cdn: the local CDN emulator is not installed; it is a package of its own: npm install --save-dev @cdn-accel/dev-cdn\n',
    });
  });

  it('cdn-accel dev-cdn --help needs no emulator', async () => {
    const { code, stdout } = await cdnAccel(project, ['dev-cdn', '--help']);
    expect({ code, usage: stdout.startsWith('Usage: cdn-accel dev-cdn') }).to.deep.equal({ code: 0, usage: true });
  });

  it('once installed as that line says, cdn-accel dev-cdn starts the emulator', async () => {
    await run('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--loglevel=error', tarballOf('@cdn-accel/dev-cdn')], { cwd: project });
    const child = spawn(process.execPath, [join(project, 'node_modules/.bin/cdn-accel'), ...devCdnArgs], {
      cwd: project,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit');
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const listening = /dev-cdn listening on (http:\/\/\S+)/.exec(stdout);
        if (listening !== null) resolve(listening[1]!);
      });
      child.on('exit', (code) => reject(new Error(`cdn-accel dev-cdn exited (${code}) before listening:\n${stderr}`)));
    });
    try {
      const unsigned = await fetch(`${url}a.txt`);
      await unsigned.arrayBuffer();
      expect({ status: unsigned.status, server: unsigned.headers.get('server') }).to.deep.equal({
        status: 403,
        server: 'cdn-accel-dev-cdn (DEVELOPMENT ONLY - not a CDN)',
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).to.deep.equal([0, null]);
  });
});
