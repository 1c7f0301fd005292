import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, packedTarballs, run, runScript, type Outcome, type Packed } from './tarballs.js';

// "type": "files" locations are served by @cdn-accel/files, an optional peer dependency of the proxy, so that
// @fastify/send and the rest of its dependencies reach only the installs that serve local files. Checked on the
// packed tarballs in a fresh project, as a user installs them: without the package, the proxy runs other configs
// and refuses a files config with what to install; once installed, the same config serves the file.
const filesOnly = ['@cdn-accel/files', '@fastify/send', 'range-parser'];

interface Running {
  base: string;
  stop(): Promise<unknown>;
}

describe('packaging: @cdn-accel/proxy without and with @cdn-accel/files', function () {
  this.timeout(240_000);
  let tarballs: Packed[] = [];
  let project = '';
  let app: Server;
  const tarballOf = (name: string) => tarballs.find((packed) => packed.name === name)!.tarball;
  const proxyArgs = (config: string) => ['proxy', '--config', config, '--upstream', `http://127.0.0.1:${(app.address() as AddressInfo).port}`, '--listen', '127.0.0.1:0'];

  function cdnAccel(args: string[]): Promise<Outcome> {
    return runScript(join(project, 'node_modules/.bin/cdn-accel'), args, project);
  }


  async function startProxy(config: string): Promise<Running> {
    const child = spawn(process.execPath, [join(project, 'node_modules/.bin/cdn-accel'), ...proxyArgs(config)], { cwd: project, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = once(child, 'exit');
    let stderr = '';
    const base = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const listening = /listening on (http:\/\/\S+)/.exec(stderr);
        if (listening !== null) resolve(listening[1]!);
      });
      child.on('exit', (code) => reject(new Error(`cdn-accel proxy exited (${code}) before listening:\n${stderr}`)));
    });
    return {
      base,
      stop: () => {
        child.kill('SIGTERM');
        return exited;
      },
    };
  }

  before(async () => {
    tarballs = await packedTarballs();
    project = await mkdtemp(join(tmpdir(), 'cdn-accel-files-install-'));
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'production', private: true }));
    await mkdir(join(project, 'media'));
    await writeFile(join(project, 'media', 'a.txt'), 'from the disk');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(join(project, 'cloudfront.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const cloudfront = { type: 'cloudfront', url: 'https://d111111abcdef8.cloudfront.net/media/', keyPairId: 'K2JCJMDEHXQW5F', privateKey: { file: 'cloudfront.pem' } };
    await writeFile(join(project, 'cloudfront.json'), JSON.stringify({ locations: { '/protected/': cloudfront } }));
    await writeFile(join(project, 'files.json'), JSON.stringify({ locations: { '/protected/': { type: 'files', root: join(project, 'media') } } }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarballOf('@cdn-accel/core'), tarballOf('@cdn-accel/proxy')], { cwd: project });
    app = createServer((_req, res) => res.writeHead(200, { 'X-Accel-Redirect': '/protected/a.txt' }).end('app body'));
    app.listen(0, '127.0.0.1');
    await once(app, 'listening');
  });

  after(async () => {
    app?.close();
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('an install of the proxy alone carries neither @cdn-accel/files nor its dependencies', () => {
    expect(existsSync(join(project, 'node_modules/@cdn-accel/proxy/package.json'))).to.equal(true);
    expect(filesOnly.filter((name) => existsSync(join(project, 'node_modules', name)))).to.deep.equal([]);
  });

  it('without @cdn-accel/files, cdn-accel proxy runs a config without files locations', async () => {
    const proxy = await startProxy('cloudfront.json');
    try {
      const response = await fetch(`${proxy.base}/download`, { redirect: 'manual' });
      await response.arrayBuffer();
      expect({ status: response.status, cdn: response.headers.get('location')?.startsWith('https://d111111abcdef8.cloudfront.net/media/a.txt?') }).to.deep.equal({ status: 302, cdn: true });
    } finally {
      expect(await proxy.stop()).to.deep.equal([0, null]);
    }
  });

  it('without @cdn-accel/files, a files config stops at startup with the field and what to install, exit 1', async () => {
    expect(await cdnAccel(proxyArgs('files.json'))).to.deep.equal({
      code: 1,
      stdout: '',
      stderr:
        'cdn-accel proxy: locations["/protected/"].type: "files" locations are served by @cdn-accel/files, a package of its own that is not installed. ' +
        'Install it next to the proxy: npm install @cdn-accel/files (ERR_ACCEL_CONFIG)\n',
    });
  });

  it('once installed as that message says, the files config serves the file', async () => {
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarballOf('@cdn-accel/files')], { cwd: project });
    const proxy = await startProxy('files.json');
    try {
      const response = await fetch(`${proxy.base}/download`);
      expect({ status: response.status, body: await response.text() }).to.deep.equal({ status: 200, body: 'from the disk' });
    } finally {
      expect(await proxy.stop()).to.deep.equal([0, null]);
    }
  });
});
