import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { spawnNode, stopAll } from './lib/processes.js';
import { formatNumber, printTable } from './lib/table.js';

// `pnpm soak`: a bounded soak of cdn-accel proxy on loopback. autocannon (in this process) drives a mix of
// pass-through, accel redirects and stream-mode downloads through the proxy (its own process) for SOAK_SECONDS
// (default 60); then prints failed requests and the proxy's RSS at start, after warm-up, at its peak and at the
// end. Exit status 1 on any failed request or when memory grows after warm-up by more than 20 %.
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WARMUP_SECONDS = Math.min(10, Math.ceil(SECONDS / 6));
const serveScript = fileURLToPath(new URL('./proxy/serve.ts', import.meta.url));
const rss: Array<{ at: number; bytes: number }> = [];
const started = Date.now();

function startServer(args: string[]): Promise<number> {
  const child = spawnNode(undefined, [serveScript, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const match of chunk.toString().matchAll(/^rss (\d+)$/gm)) rss.push({ at: Date.now() - started, bytes: Number(match[1]) });
      const listening = /listening (\d+)/.exec(output);
      if (listening !== null) resolve(Number(listening[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
}

const mib = (bytes: number): string => `${formatNumber(bytes / 1024 / 1024)} MiB`;

async function main(): Promise<number> {
  const appPort = await startServer(['--mode', 'upstream']);
  const proxyPort = await startServer(['--mode', 'cdn-accel', '--upstream', `http://127.0.0.1:${appPort}`, '--report-rss']);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const loadStarted = Date.now() - started;
  const result = await autocannon({
    url: `http://127.0.0.1:${proxyPort}`,
    connections: 32,
    duration: SECONDS,
    // Cycled per connection: two pass-throughs, two accel redirects (2,000 objects: cache misses until warm, then hits), one stream.
    requests: [
      { method: 'GET', path: '/pass' },
      { method: 'GET', path: '/accel/book.pdf' },
      { method: 'POST', path: '/pass', body: 'x'.repeat(512) },
      { method: 'GET', setupRequest: (request: Record<string, unknown>) => ({ ...request, path: `/accel/object-${Math.floor(Math.random() * 2_000)}.bin` }) },
      { method: 'GET', path: '/stream/video.bin' },
    ],
  });
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const failed = result.errors + result.timeouts + result['1xx'] + result['4xx'] + result['5xx'];
  const during = rss.filter((sample) => sample.at >= loadStarted);
  const warm = during.find((sample) => sample.at >= loadStarted + WARMUP_SECONDS * 1000) ?? during[0];
  const start = rss.filter((sample) => sample.at < loadStarted).pop() ?? rss[0];
  const peak = Math.max(...rss.map((sample) => sample.bytes));
  const end = rss[rss.length - 1];
  printTable(
    ['requests', 'req/s', 'p99 ms', 'failed', 'RSS start', `RSS after ${WARMUP_SECONDS} s`, 'RSS peak', 'RSS end'],
    [[result.requests.total, result.requests.average, formatNumber(result.latency.p99), String(failed), mib(start?.bytes ?? 0), mib(warm?.bytes ?? 0), mib(peak), mib(end?.bytes ?? 0)]],
  );
  const growth = warm !== undefined && end !== undefined ? end.bytes / warm.bytes : 1;
  process.stdout.write(`\n${SECONDS} s, 32 connections, mix: pass-through GET and POST, accel redirects (misses then hits over 2,000 objects), stream mode 16 KiB; 2xx ${result['2xx']}, 3xx ${result['3xx']}, errors ${result.errors}, timeouts ${result.timeouts}, 4xx ${result['4xx']}, 5xx ${result['5xx']}. RSS end / after warm-up: ${growth.toFixed(2)}.\n`);
  return failed === 0 && growth <= 1.2 ? 0 : 1;
}

try {
  process.exitCode = await main();
} finally {
  await stopAll();
}
