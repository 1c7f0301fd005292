import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, nginxBinary, type RunningNginx } from './nginx.js';

/** Ports and folders a fixture is rewritten for; see test/fixtures/nginx/README.md. */
export interface TestBed {
  /** Where the copies, the files and Nginx's own files go. */
  dir: string;
  nginxPort: number;
  appPort: number;
  originPort: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The substitution every copy gets: Nginx listens on its test port (one listen, no TLS), the app's addresses
 * become the test app, absolute alias, root and proxy_cache_path folders move under the test folder, the server name becomes
 * 127.0.0.1, and Nginx's own files (pid, temp paths, logs) stay in the test folder.
 */
function common(text: string, bed: TestBed): string {
  let listens = 0;
  return text
    .replace(/^(\s*)listen\s[^;]*;/gm, (_match, indent: string) => (listens++ === 0 ? `${indent}listen 127.0.0.1:${bed.nginxPort};` : `${indent}# listen (one in tests)`))
    .replace(/^\s*ssl_certificate(?:_key)?\s[^;]*;/gm, '')
    .replace(/^\s*(?:user|pid)\s[^;]*;/gm, '')
    .replace(/127\.0\.0\.1:(?!\$)(\d+)/g, (match, port: string) => (Number(port) === bed.nginxPort ? match : `127.0.0.1:${bed.appPort}`))
    .replace(/\b(alias|root|proxy_cache_path)(\s+)(\/[^;\s]*)/g, (_match, name: string, space: string, path: string) => `${name}${space}${bed.dir}/files${path}`)
    .replace(/^(\s*server_name)\s[^;]*;/gm, '$1 127.0.0.1;')
    .replace(/^http \{/m, [
      'http {',
      '    access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `    ${name}_temp_path ${bed.dir}/nginx/${name}_temp;`),
    ].join('\n'));
}

/**
 * Copies fixture `name` twice with the common substitution: `accel/` for the translation, and `nginx/` for Nginx,
 * which also gets `nginxOnly` (the CDN and S3 hosts, which only Nginx fetches from unsigned, pointed at the test
 * origin). Returns the two folders.
 */
export function copyFixture(fixture: string, bed: TestBed, nginxOnly: Array<[string, string]>, both: Array<[string, string]> = []): { accel: string; nginx: string } {
  const copies = { accel: join(bed.dir, 'accel'), nginx: join(bed.dir, 'nginx') };
  for (const [side, copy] of Object.entries(copies)) {
    cpSync(fixture, copy, { recursive: true });
    for (const file of filesUnder(copy)) {
      if (/expected/.test(file)) continue;
      let text = common(readFileSync(file, 'utf8'), bed);
      for (const [from, to] of both) text = text.split(from).join(to);
      if (side === 'nginx') for (const [from, to] of nginxOnly) text = text.split(from).join(to);
      writeFileSync(file, text);
      // Nginx makes a cache folder but not its parents.
      for (const match of text.matchAll(/\bproxy_cache_path\s+(\/[^;\s]*)/g)) mkdirSync(match[1] as string, { recursive: true });
    }
  }
  return copies;
}

/** The configuration as `nginx -T` prints it (its markers and every included file). */
export function nginxDump(conf: string, prefix: string): string {
  mkdirSync(prefix, { recursive: true });
  const result = spawnSync(nginxBinary() as string, ['-T', '-p', prefix, '-c', conf, '-g', `error_log ${join(prefix, 'error.log')};`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`nginx -T failed:\n${result.stderr}`);
  return result.stdout;
}

/** Starts Nginx with a whole configuration file (as root its workers stay root, to read the test folder). */
export async function startNginxConf(conf: string, prefix: string, port: number): Promise<RunningNginx> {
  mkdirSync(prefix, { recursive: true });
  const globals = `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log ${join(prefix, 'error.log')} notice;${process.getuid?.() === 0 ? ' user root root;' : ''}`;
  const child = spawn(nginxBinary() as string, ['-p', prefix, '-c', conf, '-g', globals], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = (): string => stderr + (existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : '');
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGQUIT');
    await exited;
  };
  // Nginx is up once its port answers; a config it refuses ends the process instead.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${errorLog()}`);
    const answered = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
    if (answered) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { url: `http://127.0.0.1:${port}`, child, errorLog, stop };
}

export async function testBed(dir: string, appPort: number, originPort: number): Promise<TestBed> {
  return { dir, nginxPort: await freePort(), appPort, originPort };
}
