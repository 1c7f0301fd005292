import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatNumber, printTable, ratio } from './lib/table.js';

// Proxy section of `pnpm bench` (issue 5): autocannon in its own process against a bare node:http proxy (the
// Node limit), cdn-accel proxy for pass-through and for accel redirects (signed-URL cache hits), Nginx with
// X-Accel-Redirect to an internal `return 302` location when `nginx` is on PATH (nothing is installed here),
// and `cdn-accel proxy --workers 2` against `--workers 1`. With taskset and 2+ cores, the servers share core 0
// and the load generator has core 1, as in the reference figures. Rows are the median of three
// interleaved rounds. About 80 s.
const SECONDS = Number(process.env.BENCH_PROXY_SECONDS ?? 3);
const ROUNDS = 3;
const WARMUP = 1;
const CONNECTIONS = 64;
const here = fileURLToPath(new URL('.', import.meta.url));
const serveScript = join(here, 'proxy/serve.ts');
const loadScript = join(here, 'http/load.ts');
const binScript = join(here, '../packages/proxy/dist/cli/bin.js');
const tsx = import.meta.resolve('tsx');

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  '3xx': number;
  other: number;
}

const onPath = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const pinning = onPath('taskset') && availableParallelism() >= 2;
const pinned = (core: string | undefined, command: string, args: string[]): [string, string[]] =>
  pinning && core !== undefined ? ['taskset', ['-c', core, command, ...args]] : [command, args];

const children: ChildProcess[] = [];

function startNode(core: string | undefined, args: string[]): Promise<number> {
  const [command, argv] = pinned(core, process.execPath, ['--import', tsx, ...args]);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening (?:on http:\/\/[^\s]+:)?(\d+)/.exec(output);
      if (match !== null) resolve(Number(match[1]));
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

async function stopAll(): Promise<void> {
  await Promise.all(children.splice(0).map(stopChild));
}

function runLoad(url: string, seconds: number): Promise<Load> {
  const [command, argv] = pinned('1', process.execPath, ['--import', tsx, loadScript, '--url', url, '--duration', String(seconds), '--connections', String(CONNECTIONS)]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // The load script says "ready" once autocannon is loaded and starts on our "go".
      if (output.startsWith('ready\n') && child.stdin.writable) child.stdin.end('go\n');
    });
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(output.trim().split('\n').pop() as string) as Load) : reject(new Error(`load exited ${code}`))));
  });
}

async function measure(url: string, expect: '2xx' | '3xx'): Promise<Load> {
  const result = await runLoad(url, SECONDS);
  const wrong = expect === '3xx' ? result.other : result['3xx'];
  if (result.errors > 0 || wrong > 0) process.stderr.write(`warning: ${url}: ${result.errors} errors, ${wrong} unexpected statuses\n`);
  return result;
}

function nginxConfig(dir: string, port: number, upstreamPort: number): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream app { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; }
    location /protected/ { internal; add_header Cache-Control "private, no-store" always; return 302 https://d111111abcdef8.cloudfront.net/media$uri; }
  }
}
`;
}

/** Runs every target once per round, interleaved, so a burst of background load hits all of them alike. */
async function rounds(targets: Array<{ url: string; expect: '2xx' | '3xx' }>): Promise<Load[]> {
  const results: Load[][] = targets.map(() => []);
  for (const target of targets) await runLoad(target.url, WARMUP);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, target] of targets.entries()) (results[index] as Load[]).push(await measure(target.url, target.expect));
  }
  // The median round by requests/s, with its own latencies.
  return results.map((list) => [...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)] as Load);
}

async function main(): Promise<void> {
  const rows: Array<Array<string | number>> = [];
  const row = (name: string, load: Load, versus: string, target: string): void => {
    rows.push([name, load.rps, formatNumber(load.p50), formatNumber(load.p99), versus, target]);
  };
  const dir = mkdtempSync(join(tmpdir(), 'cdn-accel-bench-proxy-'));
  try {
    const appPort = await startNode('0', [serveScript, '--mode', 'upstream']);
    const app = `http://127.0.0.1:${appPort}`;
    const barePort = await startNode('0', [serveScript, '--mode', 'bare', '--upstream', app]);
    const accelPort = await startNode('0', [serveScript, '--mode', 'cdn-accel', '--upstream', app]);
    const targets: Array<{ url: string; expect: '2xx' | '3xx' }> = [
      { url: `http://127.0.0.1:${barePort}/pass`, expect: '2xx' },
      { url: `http://127.0.0.1:${accelPort}/pass`, expect: '2xx' },
      { url: `http://127.0.0.1:${accelPort}/accel/moby.pdf`, expect: '3xx' },
    ];
    if (onPath('nginx')) {
      const nginxPort = await freePort();
      writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, nginxPort, appPort));
      const [command, argv] = pinned('0', 'nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')]);
      children.push(spawn(command, argv, { stdio: 'ignore' }));
      await waitForPort(nginxPort);
      targets.push({ url: `http://127.0.0.1:${nginxPort}/accel/moby.pdf`, expect: '3xx' });
    }
    const [bare, pass, accel, nginx] = (await rounds(targets)) as [Load, Load, Load, Load | undefined];
    row('bare node:http proxy, pass-through', bare, '1.00×', 'reference');
    row('cdn-accel proxy, pass-through', pass, ratio(pass.rps, bare.rps), '≥ 0.90× bare');
    if (nginx !== undefined) row('Nginx X-Accel-Redirect → internal return 302', nginx, '1.00×', 'reference');
    row('cdn-accel proxy, accel redirect (cache hit)', accel, nginx === undefined ? 'no nginx on PATH' : `${ratio(accel.rps, nginx.rps)} (p99 ${ratio(accel.p99, nginx.p99)})`, '≥ 0.35× Nginx, p99 ≤ 3×');
    await stopAll();

    // Workers: the CLI with --workers 1 and 2, not pinned (two workers need two cores; on a 2-core machine the
    // load generator competes with them, so the ratio here is a floor).
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'cf.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'cdn-accel.json'), JSON.stringify({ locations: { '/protected/': { type: 'cloudfront', url: 'https://d111111abcdef8.cloudfront.net/media/', keyPairId: 'K2JCJMDEHXQW5F', privateKey: { file: 'cf.pem' } } } }));
    const workerApp = `http://127.0.0.1:${await startNode(undefined, [serveScript, '--mode', 'upstream'])}`;
    const workerTargets: Array<{ url: string; expect: '3xx' }> = [];
    for (const workers of [1, 2]) {
      const port = await freePort();
      await startNode(undefined, [binScript, 'proxy', '--config', join(dir, 'cdn-accel.json'), '--upstream', workerApp, '--listen', `127.0.0.1:${port}`, '--workers', String(workers)]);
      await waitForPort(port);
      workerTargets.push({ url: `http://127.0.0.1:${port}/accel/moby.pdf`, expect: '3xx' });
    }
    const [one, two] = (await rounds(workerTargets)) as [Load, Load];
    row('cdn-accel proxy --workers 1, accel redirect', one, '1.00×', 'reference');
    row('cdn-accel proxy --workers 2, accel redirect', two, ratio(two.rps, one.rps), '≥ 1.6× where two cores are free');
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'target'], rows);
  process.stdout.write(`\n${CONNECTIONS} connections; median of ${ROUNDS} interleaved rounds of ${SECONDS} s after ${WARMUP} s warm-up; ${pinning ? 'servers pinned to core 0, load generator to core 1 (taskset)' : 'no pinning (taskset missing or one core)'}; ${availableParallelism()} cores.\n`);
}

await main();
