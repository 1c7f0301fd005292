import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { spawnNode, stopAll } from './lib/processes.js';
import { formatNumber, printTable } from './lib/table.js';

// `pnpm soak`: a bounded soak of cdn-accel proxy on loopback (127.0.0.1 only). autocannon (in this process) drives
// a fixed mix of requests through the proxy (its own process, in front of the app of bench/proxy/serve.ts) for
// SOAK_SECONDS (default 60) and checks every answer: status, the headers that matter, and that no X-Accel-*,
// X-Sendfile* or X-Lighttpd-* header reaches the client. It prints the requests, the socket errors, timeouts and
// unexpected answers, the proxy's RSS at start, after warm-up, at its peak and at the end of the load, and its open
// file descriptors at start, at their peak and at the end, once the idle connections have closed.
// Exit status 1 on any socket error, timeout or unexpected answer, or when the RSS at the end of the load is more
// than MAX_GROWTH times the RSS after warm-up.
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
// The proxy's RSS keeps rising for the first tens of seconds of load with the V8 heap flat (native memory finding
// its high-water mark), then levels off: the reference is taken after half the run, at most 30 s into it.
const WARMUP_SECONDS = Math.min(30, Math.ceil(SECONDS / 2));
const MAX_GROWTH = 1.25;
const CONNECTIONS = 32;
// The app closes idle keep-alive connections after 5 s in soak mode: the proxy's descriptors are back by then.
const SETTLE_SECONDS = 15;
const serveScript = fileURLToPath(new URL('./proxy/serve.ts', import.meta.url));
const started = Date.now();
const CDN = 'https://d111111abcdef8.cloudfront.net/';
const LEAKED_HEADER = /^(?:x-accel-|x-sendfile|x-lighttpd-)/i;

interface Sample {
  at: number;
  value: number;
}
const samples: Record<'rss' | 'fds', Sample[]> = { rss: [], fds: [] };

type Headers = Record<string, string | string[]>;

/** One kind of request of the mix: its share (slots of 20), the request, and what its answer must be. */
interface Kind {
  name: string;
  slots: number;
  request: Record<string, unknown>;
  /** A problem with the answer, or undefined when it is the expected one. */
  check(status: number, headers: Headers): string | undefined;
  answers: number;
  problems: number;
  firstProblem?: string;
}

const pick = (count: number): number => Math.floor(Math.random() * count);
const header = (headers: Headers, name: string): string => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
};
const expectStatus = (wanted: number, extra?: (headers: Headers) => string | undefined) => (status: number, headers: Headers) =>
  status !== wanted ? `status ${status}, expected ${wanted}` : extra?.(headers);
const redirectTo = (prefix: string, bound: boolean) => (headers: Headers) => {
  const location = header(headers, 'location');
  if (!location.startsWith(prefix)) return `Location ${JSON.stringify(location.slice(0, 80))}`;
  // A custom policy (Policy=) carries the AWS:SourceIp condition; a canned one (Expires=) cannot.
  if (bound !== location.includes('Policy=')) return bound ? 'IP-bound URL without a custom policy' : 'a custom policy where a canned one was expected';
  return undefined;
};
const length = (bytes: number) => (headers: Headers) => (header(headers, 'content-length') === String(bytes) ? undefined : `Content-Length ${header(headers, 'content-length')}, expected ${bytes}`);

function kind(name: string, slots: number, request: Record<string, unknown>, check: Kind['check']): Kind {
  return { name, slots, request, check, answers: 0, problems: 0 };
}

const kinds: Kind[] = [
  kind('pass-through GET', 4, { method: 'GET', path: '/pass' }, expectStatus(200, length(12))),
  kind('pass-through POST 512 B', 2, { method: 'POST', path: '/pass', body: 'x'.repeat(512) }, expectStatus(200, length(12))),
  kind('pass-through 1 MiB', 1, { method: 'GET', path: '/big/file.bin' }, expectStatus(200, length(1024 * 1024))),
  kind('redirect, one object', 2, { method: 'GET', path: '/accel/book.pdf' }, expectStatus(302, redirectTo(`${CDN}media/books/book.pdf?`, false))),
  kind('redirect, 2,000 objects', 3, {
    method: 'GET',
    setupRequest: (request: Record<string, unknown>) => ({ ...request, path: `/accel/object-${pick(2_000)}.bin` }),
  }, expectStatus(302, redirectTo(`${CDN}media/books/object-`, false))),
  // 2,000 client addresses through a trusted X-Forwarded-For: each object is signed per address.
  kind('IP-bound redirect (ip: client)', 3, {
    method: 'GET',
    setupRequest: (request: Record<string, unknown>) => ({ ...request, path: `/bound/object-${pick(200)}.bin`, headers: { 'x-forwarded-for': `198.18.${pick(8)}.${pick(250)}` } }),
  }, expectStatus(302, redirectTo(`${CDN}bound/books/object-`, true))),
  kind('IP-bound, IPv6 client (403)', 1, {
    method: 'GET',
    setupRequest: (request: Record<string, unknown>) => ({ ...request, path: `/bound/object-${pick(200)}.bin`, headers: { 'x-forwarded-for': `2001:db8::${pick(2_000).toString(16)}` } }),
  }, expectStatus(403)),
  kind('stream mode 16 KiB', 2, { method: 'GET', path: '/stream/video.bin' }, expectStatus(200, length(16 * 1024))),
  kind('unsafe X-Accel-Redirect (404)', 2, {
    method: 'GET',
    setupRequest: (request: Record<string, unknown>) => ({ ...request, path: `/unsafe/${pick(1_000)}` }),
  }, expectStatus(404)),
];
const SLOTS = kinds.reduce((sum, each) => sum + each.slots, 0);

/** The 20 requests each connection cycles through, the kinds interleaved. */
function requestCycle(): Array<Record<string, unknown>> {
  const left = kinds.map((each) => each.slots);
  const cycle: Array<Record<string, unknown>> = [];
  while (cycle.length < SLOTS) {
    kinds.forEach((each, index) => {
      if ((left[index] ?? 0) === 0) return;
      left[index] = (left[index] ?? 0) - 1;
      cycle.push({
        ...each.request,
        onResponse: (status: number, _body: unknown, _context: unknown, headers: Headers) => {
          each.answers += 1;
          const leaked = Object.keys(headers).find((name) => LEAKED_HEADER.test(name));
          const problem = leaked === undefined ? each.check(status, lowerCase(headers)) : `${leaked} reached the client`;
          if (problem === undefined) return;
          each.problems += 1;
          each.firstProblem ??= problem;
        },
      });
    });
  }
  return cycle;
}

function lowerCase(headers: Headers): Headers {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** Starts serve.ts with `args`; resolves with its port. Its "rss" and "fds" lines are kept as samples. */
function startServer(args: string[]): Promise<number> {
  const child = spawnNode(undefined, [serveScript, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [name, value] = line.split(' ');
        if (name === 'rss' || name === 'fds') samples[name].push({ at: Date.now() - started, value: Number(value) });
        if (name === 'listening') resolve(Number(value));
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : `${formatNumber(bytes / 1024 / 1024)} MiB`);
const last = (list: Sample[], until: number): Sample | undefined => list.filter((sample) => sample.at <= until).pop();

/** Waits (at most SETTLE_SECONDS) for the proxy's descriptors to come back to `baseline`; the sample it ends on. */
async function settledDescriptors(baseline: number | undefined, from: number): Promise<Sample | undefined> {
  const deadline = from + SETTLE_SECONDS * 1000;
  for (;;) {
    const latest = samples.fds.at(-1);
    if (baseline === undefined || latest === undefined) return latest;
    if (latest.at > from && latest.value <= baseline) return latest;
    if (Date.now() - started >= deadline) return latest;
    await sleep(250);
  }
}

async function main(): Promise<number> {
  if (!Number.isFinite(SECONDS) || SECONDS < 1) throw new Error(`SOAK_SECONDS must be a number of seconds ≥ 1, got ${JSON.stringify(process.env.SOAK_SECONDS)}`);
  const appPort = await startServer(['--mode', 'upstream', '--soak']);
  const proxyPort = await startServer(['--mode', 'cdn-accel', '--soak', '--upstream', `http://127.0.0.1:${appPort}`, '--report-resources']);
  await sleep(2100);
  const loadStarted = Date.now() - started;
  const result = await autocannon({ url: `http://127.0.0.1:${proxyPort}`, connections: CONNECTIONS, duration: SECONDS, requests: requestCycle() });
  const loadEnded = Date.now() - started;
  await sleep(1100);
  const fdsStart = last(samples.fds, loadStarted);
  const fdsEnd = await settledDescriptors(fdsStart?.value, loadEnded);

  const rssStart = last(samples.rss, loadStarted);
  const rssWarm = samples.rss.find((sample) => sample.at >= loadStarted + WARMUP_SECONDS * 1000);
  const rssEnd = last(samples.rss, loadEnded + 1100);
  const rssPeak = Math.max(...samples.rss.filter((sample) => sample.at <= loadEnded + 1100).map((sample) => sample.value));
  const fdsPeak = samples.fds.length === 0 ? undefined : Math.max(...samples.fds.map((sample) => sample.value));
  const socketErrors = result.errors - result.timeouts;
  const unexpected = kinds.reduce((sum, each) => sum + each.problems, 0);
  const growth = rssWarm !== undefined && rssEnd !== undefined ? rssEnd.value / rssWarm.value : Number.NaN;

  printTable(
    ['requests', 'req/s', 'p99 ms', 'socket errors', 'timeouts', 'unexpected answers', 'RSS start', `RSS after ${WARMUP_SECONDS} s`, 'RSS peak', 'RSS end', 'fds start', 'fds peak', 'fds end'],
    [[
      result.requests.total, result.requests.average, formatNumber(result.latency.p99), String(socketErrors), String(result.timeouts), String(unexpected),
      mib(rssStart?.value), mib(rssWarm?.value), mib(rssPeak), mib(rssEnd?.value),
      String(fdsStart?.value ?? 'n/a'), String(fdsPeak ?? 'n/a'), fdsEnd === undefined ? 'n/a' : `${fdsEnd.value} (${formatNumber((fdsEnd.at - loadEnded) / 1000)} s after the load)`,
    ]],
  );
  process.stdout.write(`\n${SECONDS} s, ${CONNECTIONS} connections; each connection cycles through ${SLOTS} requests:\n`);
  for (const each of kinds) {
    const problems = each.problems === 0 ? '' : `, ${each.problems} unexpected (first: ${each.firstProblem})`;
    process.stdout.write(`- ${each.name}: ${Math.round((each.slots / SLOTS) * 100)} %, ${each.answers} answers${problems}\n`);
  }
  const failures = [
    ...(socketErrors > 0 ? [`${socketErrors} socket errors`] : []),
    ...(result.timeouts > 0 ? [`${result.timeouts} timeouts`] : []),
    ...(unexpected > 0 ? [`${unexpected} unexpected answers`] : []),
    ...(!(growth <= MAX_GROWTH) ? [`RSS end / after warm-up ${growth.toFixed(2)} > ${MAX_GROWTH}`] : []),
  ];
  process.stdout.write(`RSS end / after warm-up: ${growth.toFixed(2)} (at most ${MAX_GROWTH}). ${failures.length === 0 ? 'PASS' : `FAIL: ${failures.join('; ')}`}\n`);
  return failures.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} finally {
  await stopAll();
}
