import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadResult } from './lib/load-generator.js';
import { cores, onPath, pinningNote, SERVER_CORE, spawnNode, spawnPinned, stopAll } from './lib/processes.js';
import { alternate } from './lib/rounds.js';
import { median, pairedRatios, spread } from './lib/stats.js';
import { formatNumber, printTable, ratioSpread } from './lib/table.js';

// Proxy section of `pnpm bench` (issue 5): autocannon in its own process against a bare node:http proxy (the
// Node limit), cdn-accel proxy for pass-through and for accel redirects (signed-URL cache hits), Nginx with
// X-Accel-Redirect to an internal `return 302` location when `nginx` is on PATH, and `cdn-accel proxy
// --workers 2` against `--workers 1`. With taskset and 2+ cores, the servers share core 0 and the load generator
// has core 1, as in the reference figures. Targets run in interleaved rounds and each comparison is the
// median of its per-round paired ratios. About 100 s at the defaults.
const SECONDS = Number(process.env.BENCH_PROXY_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_PROXY_ROUNDS ?? 5);
const WARMUP = 1;
const CONNECTIONS = 64;
const here = fileURLToPath(new URL('.', import.meta.url));
const serveScript = join(here, 'proxy/serve.ts');
const binScript = join(here, '../packages/proxy/dist/cli/bin.js');

interface Target {
  url: string;
  expect: '2xx' | '3xx';
}

/** Starts a Node server (serve.ts or the CLI) and resolves with the port it reports listening on. */
function startNode(core: string | undefined, args: string[]): Promise<number> {
  const child = spawnNode(core, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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

async function measure(target: Target): Promise<LoadResult> {
  const result = await runLoad(target.url, { seconds: SECONDS, connections: CONNECTIONS });
  const wrong = target.expect === '3xx' ? result.other : result['3xx'];
  if (result.errors > 0 || wrong > 0) process.stderr.write(`warning: ${target.url}: ${result.errors} errors, ${wrong} unexpected statuses\n`);
  return result;
}

/** One warm-up each, then every target once per round in the listed order, so each sits next to its reference. */
async function rounds(targets: readonly Target[]): Promise<LoadResult[][]> {
  for (const target of targets) await runLoad(target.url, { seconds: WARMUP, connections: CONNECTIONS });
  return alternate(ROUNDS, targets.map((target) => () => measure(target)));
}

const column = (runs: readonly LoadResult[], field: 'rps' | 'p99'): number[] => runs.map((run) => run[field]);
const paired = (runs: readonly LoadResult[], references: readonly LoadResult[], field: 'rps' | 'p99'): string => ratioSpread(spread(pairedRatios(column(runs, field), column(references, field))));

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

async function main(): Promise<void> {
  const rows: Array<Array<string | number>> = [];
  const row = (name: string, runs: readonly LoadResult[], versus: string, target: string): void => {
    rows.push([name, median(column(runs, 'rps')), formatNumber(median(runs.map((run) => run.p50))), formatNumber(median(column(runs, 'p99'))), versus, target]);
  };
  const dir = mkdtempSync(join(tmpdir(), 'cdn-accel-bench-proxy-'));
  try {
    const appPort = await startNode(SERVER_CORE, [serveScript, '--mode', 'upstream']);
    const app = `http://127.0.0.1:${appPort}`;
    const barePort = await startNode(SERVER_CORE, [serveScript, '--mode', 'bare', '--upstream', app]);
    const accelPort = await startNode(SERVER_CORE, [serveScript, '--mode', 'cdn-accel', '--upstream', app]);
    // Each comparison's two sides are adjacent in a round: bare, pass-through, then accel redirect, Nginx.
    const targets: Target[] = [
      { url: `http://127.0.0.1:${barePort}/pass`, expect: '2xx' },
      { url: `http://127.0.0.1:${accelPort}/pass`, expect: '2xx' },
      { url: `http://127.0.0.1:${accelPort}/accel/moby.pdf`, expect: '3xx' },
    ];
    if (onPath('nginx')) {
      const nginxPort = await freePort();
      writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, nginxPort, appPort));
      spawnPinned(SERVER_CORE, 'nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'ignore' });
      await waitForPort(nginxPort);
      targets.push({ url: `http://127.0.0.1:${nginxPort}/accel/moby.pdf`, expect: '3xx' });
    }
    const [bare, pass, accel, nginx] = (await rounds(targets)) as [LoadResult[], LoadResult[], LoadResult[], LoadResult[] | undefined];
    row('bare node:http proxy, pass-through', bare, '1.00×', 'reference');
    row('cdn-accel proxy, pass-through', pass, paired(pass, bare, 'rps'), '≥ 0.90× bare');
    if (nginx !== undefined) row('Nginx X-Accel-Redirect → internal return 302', nginx, '1.00×', 'reference');
    row('cdn-accel proxy, accel redirect (cache hit)', accel, nginx === undefined ? 'no nginx on PATH' : `${paired(accel, nginx, 'rps')}, p99 ${paired(accel, nginx, 'p99')}`, '≥ 0.35× Nginx, p99 ≤ 3×');
    await stopAll();

    // Workers: the CLI with --workers 1 and 2, not pinned (two workers need two cores of their own).
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'cf.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'cdn-accel.json'), JSON.stringify({ locations: { '/protected/': { type: 'cloudfront', url: 'https://d111111abcdef8.cloudfront.net/media/', keyPairId: 'K2JCJMDEHXQW5F', privateKey: { file: 'cf.pem' } } } }));
    const workerApp = `http://127.0.0.1:${await startNode(undefined, [serveScript, '--mode', 'upstream'])}`;
    const workerTargets: Target[] = [];
    for (const workers of [1, 2]) {
      const port = await freePort();
      await startNode(undefined, [binScript, 'proxy', '--config', join(dir, 'cdn-accel.json'), '--upstream', workerApp, '--listen', `127.0.0.1:${port}`, '--workers', String(workers)]);
      await waitForPort(port);
      workerTargets.push({ url: `http://127.0.0.1:${port}/accel/moby.pdf`, expect: '3xx' });
    }
    const [one, two] = (await rounds(workerTargets)) as [LoadResult[], LoadResult[]];
    row('cdn-accel proxy --workers 1, accel redirect', one, '1.00×', 'reference');
    // The load generator needs a core of its own and the two workers two more: with fewer cores the ratio is
    // only a floor, and judging it against the target would say nothing about the workers.
    row('cdn-accel proxy --workers 2, accel redirect', two, paired(two, one, 'rps'), cores >= 3 ? '≥ 1.6×' : `not judged: needs 3+ cores, ${cores} here`);
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'target'], rows);
  process.stdout.write(`\n${CONNECTIONS} connections; ${WARMUP} s warm-up per target, then ${ROUNDS} interleaved rounds of ${SECONDS} s; ratios: median of the per-round paired ratios (range in brackets), req/s and latencies: medians across the rounds; ${pinningNote()}.\n`);
}

await main();
