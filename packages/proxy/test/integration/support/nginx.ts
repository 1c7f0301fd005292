import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The nginx binary: on PATH, or where Debian's package puts it. */
export function nginxBinary(): string | undefined {
  if (spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0) return 'nginx';
  return existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : undefined;
}

/**
 * Whether a suite that needs nginx can run. In CI (`CI=true`, where `.ci/run` installs it) a missing nginx fails
 * the suite; elsewhere the suite is skipped with a visible warning.
 */
export function requireNginx(suite: string): boolean {
  if (nginxBinary() !== undefined) return true;
  const message = `${suite}: nginx is not installed (apt-get install nginx-light; .ci/run installs it)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`      ⚠ skipped: ${message}`);
  return false;
}

/** A free port on 127.0.0.1, as the kernel hands one out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningNginx {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The master process, started with `daemon off`. */
  child: ChildProcess;
  /** What nginx wrote to its error log so far. */
  errorLog(): string;
  /** Stops nginx by its PID (SIGQUIT: graceful), waits for it to exit and removes its folder. */
  stop(): Promise<void>;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts nginx in the foreground with a generated config in a folder of its own: `server` is the body of one
 * `server { … }` block, which listens on a free 127.0.0.1 port. Resolves once the port accepts connections.
 */
export async function startNginx(server: string): Promise<RunningNginx> {
  const binary = nginxBinary();
  if (binary === undefined) throw new Error('nginx is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'cdn-accel-nginx-'));
  const port = await freePort();
  const paths = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${name}_temp_path ${join(dir, name)};`);
  const config = [
    // As root the workers would switch to nobody, who cannot enter this folder.
    process.getuid?.() === 0 ? 'user root root;' : '',
    'worker_processes 1;',
    `error_log ${join(dir, 'error.log')} notice;`,
    'events { worker_connections 128; }',
    'http {',
    `  access_log ${join(dir, 'access.log')};`,
    ...paths,
    '  server {',
    `    listen 127.0.0.1:${port};`,
    server,
    '  }',
    '}',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'nginx.conf'), config);
  const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = (): string => {
    const file = join(dir, 'error.log');
    return stderr + (existsSync(file) ? readFileSync(file, 'utf8') : '');
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGQUIT');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) {
      const log = errorLog();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx exited with ${child.exitCode}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { url: `http://127.0.0.1:${port}`, child, errorLog, stop };
}
