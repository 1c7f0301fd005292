import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { createSecureLinkSigner } from '../../src/secure-link/create-signer.js';
import type { SecureLinkOptions } from '../../src/secure-link/types.js';
import { createSecureLinkVerifier } from '../../src/secure-link/verify.js';

// Debian's nginx (nginx-light or nginx, both built with the secure_link module), started for this suite on a free
// port of 127.0.0.1 with a generated configuration in a temporary folder, and stopped by its PID.

const SECRET = 'kR4t-9dQ2_vLm7Zp0sYb3Nw8';
const NOIP_SECRET = 'a5Hc0-qL8rT1_wE9zX6mU2pJ';
const WITH_IP: SecureLinkOptions = { secureLinkMd5: '$secure_link_expires$uri$remote_addr $secret', secret: SECRET };
const NO_IP: SecureLinkOptions = { secureLinkMd5: '${secret}|$uri|${secure_link_expires}', secret: NOIP_SECRET, secureLink: '$arg_st,$arg_e' };
const FILES = ['books/moby dick.pdf', 'books/ünïcödé ☃.txt', 'a+b/c%d?e#f&g=h.bin', 'plain.txt', 'deep/er/still/x.ts', 'merged/slashes.txt'];

/** The nginx to run: $NGINX when set, else the one on PATH or Debian's (not on a user's PATH). */
function nginxBinary(): string | undefined {
  for (const candidate of process.env.NGINX === undefined ? ['nginx', '/usr/sbin/nginx'] : [process.env.NGINX]) {
    const version = spawnSync(candidate, ['-V'], { encoding: 'utf8' });
    if (version.status === 0 && version.stderr.includes('--with-http_secure_link_module')) return candidate;
  }
  return undefined;
}

function nginxConf(folder: string, port: number): string {
  const linked = (args: string, md5: string) => `secure_link ${args};\n      secure_link_md5 "${md5}";\n      if ($secure_link = "") { return 403; }\n      if ($secure_link = "0") { return 410; }`;
  return `worker_processes 1;
error_log ${folder}/error.log notice;
events { worker_connections 64; }
http {
  access_log ${folder}/access.log;
  client_body_temp_path ${folder}/temp/body;
  proxy_temp_path ${folder}/temp/proxy;
  fastcgi_temp_path ${folder}/temp/fastcgi;
  uwsgi_temp_path ${folder}/temp/uwsgi;
  scgi_temp_path ${folder}/temp/scgi;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${folder}/www;
    location /protected/ {
      ${linked('$arg_md5,$arg_expires', `$secure_link_expires$uri$remote_addr ${SECRET}`)}
    }
    location /noip/ {
      ${linked('$arg_st,$arg_e', `${NOIP_SECRET}|$uri|\${secure_link_expires}`)}
    }
  }
}
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the port accepts a connection; rejects when nginx exits first. */
function listening(child: ChildProcess, port: number, log: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    child.once('exit', (code) => {
      if (!done) reject(new Error(`nginx exited (${String(code)}): ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`));
      done = true;
    });
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        if (!done) resolve();
        done = true;
      });
      socket.once('error', () => {
        if (!done) setTimeout(attempt, 20);
      });
    };
    attempt();
  });
}

interface Nginx { port: number; stop(): Promise<void> }

async function startNginx(binary: string, folder: string): Promise<Nginx> {
  for (let tries = 1; ; tries += 1) {
    const port = await freePort();
    writeFileSync(join(folder, 'nginx.conf'), nginxConf(folder, port));
    const child = spawn(binary, ['-p', folder, '-e', join(folder, 'error.log'), '-c', join(folder, 'nginx.conf'), '-g', `daemon off; pid ${folder}/nginx.pid;`], { stdio: 'ignore' });
    try {
      await listening(child, port, join(folder, 'error.log'));
    } catch (error) {
      // Another process may have taken the port between our check and nginx's bind: try another one.
      if (tries < 3 && /Address already in use/.test((error as Error).message)) continue;
      throw error;
    }
    const stop = () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      process.kill(child.pid!, 'SIGTERM');
    });
    return { port, stop };
  }
}

/** GETs exactly `pathAndQuery` (no client-side normalisation) and answers the status and body. */
function get(port: number, pathAndQuery: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathAndQuery, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.once('error', reject);
    req.end();
  });
}

const pathOf = (url: string) => url.slice(url.indexOf('/', 'http://'.length));

describe('secure_link against a real Nginx', function () {
  let folder: string;
  let nginx: Nginx;
  let base: string;
  const nowSeconds = Math.floor(Date.now() / 1000);

  before(async function () {
    const binary = nginxBinary();
    if (binary === undefined) {
      const reason = 'no nginx with the secure_link module (nginx -V shows --with-http_secure_link_module)';
      if (process.env.CI === 'true') throw new Error(`${reason}: CI must install it (apt-get install -y nginx-light)`);
      process.stderr.write(`\n  !!! SKIPPING the secure_link Nginx suite: ${reason}.\n  !!! Install it with: apt-get install -y nginx-light\n\n`);
      this.skip();
    }
    folder = mkdtempSync(join(tmpdir(), 'cdn-accel-nginx-'));
    // Readable by nginx's worker, which runs as an unprivileged user when the suite runs as root.
    chmodSync(folder, 0o755);
    for (const sub of ['temp', 'www']) mkdirSync(join(folder, sub), { mode: 0o755 });
    for (const location of ['protected', 'noip']) {
      for (const file of FILES) {
        const path = join(folder, 'www', location, file);
        mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
        writeFileSync(path, `${location}:${file}`, { mode: 0o644 });
      }
    }
    nginx = await startNginx(binary, folder);
    base = `http://127.0.0.1:${nginx.port}`;
  });

  after(async () => {
    await nginx?.stop();
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });

  const signer = (options: SecureLinkOptions, location: string) => createSecureLinkSigner({ ...options, baseUrl: `${base}/${location}/` });

  it('our links get 200 and the file, for keys with spaces, Unicode, reserved characters and a kept query', async () => {
    const s = signer(WITH_IP, 'protected');
    for (const key of FILES) {
      const url = s.signUrl({ key, expiresAt: nowSeconds + 300, clientIp: '127.0.0.1', query: 'download=1' });
      expect(await get(nginx.port, pathOf(url)), url).to.deep.equal({ status: 200, body: `protected:${key}` });
    }
  });

  it('another expression and other parameter names (secure_link $arg_st,$arg_e) work the same', async () => {
    const s = signer(NO_IP, 'noip');
    for (const key of FILES) {
      const url = s.signUrl({ key, expiresAt: nowSeconds + 300 });
      expect(url).to.match(/\?st=[\w-]{22}&e=\d+$/);
      expect(await get(nginx.port, pathOf(url)), url).to.deep.equal({ status: 200, body: `noip:${key}` });
    }
  });

  it('$uri is what Nginx makes of the path: a doubled slash in a key is merged, as merge_slashes does', async () => {
    const url = signer(WITH_IP, 'protected').signUrl({ key: 'merged//slashes.txt', expiresAt: nowSeconds + 300, clientIp: '::ffff:127.0.0.1' });
    expect(url).to.include('/protected/merged//slashes.txt?');
    expect(await get(nginx.port, pathOf(url))).to.deep.equal({ status: 200, body: 'protected:merged/slashes.txt' });
  });

  it('expired links get 410', async () => {
    const url = signer(WITH_IP, 'protected').signUrl({ key: 'plain.txt', expiresAt: nowSeconds - 5, clientIp: '127.0.0.1' });
    expect((await get(nginx.port, pathOf(url))).status).to.equal(410);
  });

  it('tampered links get 403: hash, expiry, path, a missing parameter, another secret, another client address', async () => {
    const s = signer(WITH_IP, 'protected');
    const url = s.signUrl({ key: 'books/moby dick.pdf', expiresAt: nowSeconds + 300, clientIp: '127.0.0.1' });
    const hash = /md5=([\w-]+)/.exec(url)![1]!;
    const flipped = `${hash.slice(0, 5)}${hash[5] === 'A' ? 'B' : 'A'}${hash.slice(6)}`;
    const tampered = [
      url.replace(hash, flipped),
      url.replace(/expires=(\d+)/, (_, e: string) => `expires=${Number(e) + 1}`),
      url.replace('moby%20dick.pdf', 'plain.txt'),
      url.replace(/&expires=\d+/, ''),
      url.replace(/md5=[\w-]+&/, ''),
      createSecureLinkSigner({ ...WITH_IP, secret: `${SECRET}x`, baseUrl: `${base}/protected/` }).signUrl({ key: 'plain.txt', expiresAt: nowSeconds + 300, clientIp: '127.0.0.1' }),
      s.signUrl({ key: 'plain.txt', expiresAt: nowSeconds + 300, clientIp: '127.0.0.2' }),
    ];
    for (const link of tampered) expect((await get(nginx.port, pathOf(link))).status, link).to.equal(403);
  });

  it('the verifier decides what Nginx decides, for signed, expired and tampered links of any key', async () => {
    const verifiers = { protected: createSecureLinkVerifier(WITH_IP), noip: createSecureLinkVerifier(NO_IP) };
    const segment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((text) => text !== '.' && text !== '..' && !text.includes('/') && !text.includes('\0'));
    const key = fc.array(segment, { minLength: 1, maxLength: 3 }).map((segments) => segments.join('/'));
    const tamper = fc.option(fc.tuple(fc.nat(), fc.constantFrom(...'AZaz09-_.~%&=/,')), { nil: undefined, freq: 2 });
    await fc.assert(fc.asyncProperty(fc.constantFrom('protected' as const, 'noip' as const), key, fc.integer({ min: -30, max: 300 }), tamper, async (location, k, lifetime, change) => {
      const options = location === 'protected' ? WITH_IP : NO_IP;
      let path = pathOf(signer(options, location).signUrl({ key: k, expiresAt: nowSeconds + lifetime, clientIp: '127.0.0.1' }));
      if (change !== undefined) {
        // Anywhere after the location prefix: a request outside the location is not a secure_link request.
        const after = location.length + 2;
        const at = after + (change[0] % (path.length - after));
        path = path.slice(0, at) + change[1] + path.slice(at + 1);
      }
      const answer = await get(nginx.port, path);
      const verdict = verifiers[location].verify(`${base}${path}`, { remoteAddr: '127.0.0.1' });
      // The file may not exist: 404 (or a redirect to a folder) means the secure_link check passed.
      const nginxSays = answer.status === 403 || answer.status === 410 || answer.status === 400 ? answer.status : 'served';
      expect(verdict.ok ? 'served' : verdict.status, `${path}: nginx ${answer.status}, ${JSON.stringify(verdict)}`).to.equal(nginxSays);
    }), { numRuns: 150 });
  });
});
