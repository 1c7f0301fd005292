import { generateKeyPairSync } from 'node:crypto';
import type { Framework } from './http/apps.js';
import { engine, signedUrl } from './http/engine.js';
import { CONNECTIONS, measure, warmUp, type Run } from './http/measure.js';
import { runLoad } from './lib/load-generator.js';
import type { ExtraMiddleware, Provider, ServeSetup } from './http/protocol.js';
import { startServer, type ServerProcess } from './http/server-process.js';
import { pinningNote, stopAll } from './lib/processes.js';
import { alternate, together } from './lib/rounds.js';
import { median, pairedRatios, spread } from './lib/stats.js';
import { formatNumber, printTable, ratio, ratioSpread } from './lib/table.js';

// HTTP section of `pnpm bench`: autocannon against a hand-written 302 and the same app behind koaAccel /
// expressAccel, with cache hits (CloudFront's, and on a shared core each other provider's beside it) and with the
// cache off, then p99 across cache-window boundaries. Every
// configuration runs in a fresh server process of its own (http/serve.ts): inside the long-lived bench process
// the same server ran slower, coloured by the heap and JIT state of the apps before it and by the bench's own
// bookkeeping. Accel servers run in alternation with the hand-written one and are judged by
// the median of per-round paired ratios; 5 rounds by default, an odd count, so that the median is one round's
// own ratio, and the most that fits in about 3 minutes. The targets are printed beside each figure.
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 5);
const WARMUP = 1;
// The boundary engine's window is 5 s: a run at least that long sees every entry pass its boundary once.
const WINDOW_SECONDS = Math.max(SECONDS, 6);
const WINDOW_ROUNDS = Number(process.env.BENCH_WINDOW_ROUNDS ?? 3);
const OBJECTS = 1024;
// Shared-core runs: every server of the comparison loaded at once, each by a generator of its own.
const SHARED_SECONDS = 3;
const SHARED_ROUNDS = Number(process.env.BENCH_SHARED_ROUNDS ?? 5);
const SHARED_CONNECTIONS = 32;
// BENCH_HTTP_FRAMEWORKS=Express (or Koa, or both comma-separated) runs only those frameworks' rows;
// BENCH_HTTP_ONLY=providers only the table of cache hits per provider.
const FRAMEWORKS = frameworksToRun(process.env.BENCH_HTTP_FRAMEWORKS);
const PROVIDERS_ONLY = process.env.BENCH_HTTP_ONLY === 'providers';
const PROVIDERS: ReadonlyArray<[string, Provider]> = [['Google Cloud CDN', 'google-cdn'], ['Cloud Storage (HMAC)', 'gcs'], ['bunny.net', 'bunny'], ['Nginx secure_link', 'secure-link']];

function frameworksToRun(value: string | undefined): Framework[] {
  const all: Framework[] = ['Koa', 'Express'];
  if (value === undefined || value.trim() === '') return all;
  const wanted = value.split(',').map((name) => name.trim().toLowerCase());
  const unknown = wanted.filter((name) => !all.some((framework) => framework.toLowerCase() === name));
  if (unknown.length > 0) {
    process.stderr.write(`BENCH_HTTP_FRAMEWORKS: unknown framework ${unknown.join(', ')}; use Koa, Express or both, comma-separated.\n`);
    process.exit(2);
  }
  return all.filter((framework) => wanted.includes(framework.toLowerCase()));
}

const keys = {
  RSA: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  ECDSA: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
};
const pem = { RSA: keys.RSA.export({ type: 'pkcs8', format: 'pem' }).toString(), ECDSA: keys.ECDSA.export({ type: 'pkcs8', format: 'pem' }).toString() };
// The hand-written 302 sends the very URL the accel app signs (RSA signatures are deterministic).
const handUrl = await signedUrl(engine(keys.RSA, true));

type Row = Array<string | number>;
const pick = (runs: readonly Run[], field: 'rps' | 'p99' | 'cpu'): number[] => runs.map((run) => run[field]);
const runsOf = (servers: readonly ServerProcess[]) => servers.map((server) => () => measure(server, SECONDS));
const accelSetup = (framework: Framework, family: keyof typeof pem, cache: boolean, expiresIn = 300, objects?: number, batchSignatures = true): Extract<ServeSetup, { kind: 'accel' }> => ({ framework, kind: 'accel', privateKey: pem[family], cache, expiresIn, objects, batchSignatures });

async function warmAll(servers: readonly ServerProcess[]): Promise<void> {
  for (const server of servers) await warmUp(server, WARMUP);
}

function sideRow(framework: Framework, variant: string, runs: readonly Run[]): Row {
  return [framework, variant, median(pick(runs, 'rps')), median(pick(runs, 'p99')), median(pick(runs, 'cpu'))];
}

/** Hand-written vs cache hit, A B A B …: the rows of both. */
async function cacheHit(framework: Framework, hand: ServerProcess): Promise<Row[]> {
  const hit = await startServer(accelSetup(framework, 'RSA', true));
  try {
    await warmAll([hand, hit]);
    const [handRuns, hitRuns] = (await alternate(ROUNDS, runsOf([hand, hit]))) as [Run[], Run[]];
    return [
      [...sideRow(framework, 'hand-written 302', handRuns), '—', '—', '—', '—', ''],
      [
        ...sideRow(framework, 'accel, cache hit (RSA)', hitRuns),
        ratioSpread(spread(pairedRatios(pick(hitRuns, 'rps'), pick(handRuns, 'rps')))),
        ratioSpread(spread(pairedRatios(pick(hitRuns, 'p99'), pick(handRuns, 'p99')))),
        ratioSpread(spread(pairedRatios(pick(handRuns, 'cpu'), pick(hitRuns, 'cpu')))),
        '—',
        '≥ 0.95× req/s, p99 ≤ 1.2×',
      ],
    ];
  } finally {
    await hit.stop();
  }
}

/**
 * Cache off, RSA and ECDSA, each beside a hand-written round, a round of the hand-written 302 that also signs
 * every request, and a round of the accel app signing each request on the spot (batchSignatures: false): hand,
 * RSA, RSA on the spot, hand+RSA, ECDSA, … The formula ceiling 1/(sign + request) of each round takes the request
 * time of that round's hand-written run and the sign time of the idle engine, measured in the accel server's own
 * process right before the round: measured once for the whole run, the sign time came out anywhere from 0.31 to
 * 0.53 ms (RSA) from one run to the next, and put every round's ceiling in the machine phase of that one moment.
 * The hand-signing app is that sum as it adds up on this machine, where a signature made between two requests
 * costs more than one made in a row with others.
 */
async function cacheOff(framework: Framework, hand: ServerProcess): Promise<Row[]> {
  const families = ['RSA', 'ECDSA'] as const;
  const accelServers = await Promise.all(families.map((family) => startServer(accelSetup(framework, family, false))));
  const onTheSpotServers = await Promise.all(families.map((family) => startServer(accelSetup(framework, family, false, 300, undefined, false))));
  const signingServers = await Promise.all(families.map((family) => startServer({ framework, kind: 'hand', handUrl, privateKey: pem[family] })));
  const servers = [...accelServers, ...onTheSpotServers, ...signingServers];
  try {
    await warmAll(servers);
    const signMs: Record<(typeof families)[number], number[]> = { RSA: [], ECDSA: [] };
    const [handSide, ...familySides] = runsOf([hand, ...families.flatMap((_, index) => [accelServers[index], onTheSpotServers[index], signingServers[index]])] as ServerProcess[]);
    const handWithSignTimes = async (): Promise<Run> => {
      // Idle, in the very processes measured next, one after the other, the core otherwise quiet.
      for (const [index, family] of families.entries()) signMs[family].push(await (accelServers[index] as ServerProcess).signTime());
      return (handSide as () => Promise<Run>)();
    };
    const [handRuns, ...familyRuns] = (await alternate(ROUNDS, [handWithSignTimes, ...familySides])) as Run[][];
    const requestMs = (handRuns as Run[]).map((run) => 1000 / run.rps);
    const rows: Row[] = [[...sideRow(framework, 'hand-written 302, beside cache off', handRuns as Run[]), '—', '—', '—', '—', '']];
    for (const [index, family] of families.entries()) {
      const [runs, onTheSpot, handSigned] = familyRuns.slice(index * 3, index * 3 + 3) as [Run[], Run[], Run[]];
      const signs = signMs[family];
      const ceilings = requestMs.map((request, round) => 1000 / ((signs[round] as number) + request));
      const ofCeiling = (measured: readonly Run[]): string => `${ratioSpread(spread(pairedRatios(pick(measured, 'rps'), ceilings)))} of ${formatNumber(median(ceilings))} (sign ${median(signs).toFixed(3)} ms)`;
      // Server CPU per request against that round's sign time + the hand-written app's CPU per request.
      const cpuRatios = (measured: readonly Run[]): string => ratioSpread(spread(measured.map((run, round) => ((signs[round] as number) * 1000 + (handRuns as Run[])[round]!.cpu) / run.cpu)));
      const ofHandSigning = (measured: readonly Run[]): string => ratioSpread(spread(pairedRatios(pick(measured, 'rps'), pick(handSigned, 'rps'))));
      rows.push([...sideRow(framework, `hand-written 302 signing each request (${family})`, handSigned), ofCeiling(handSigned), '—', cpuRatios(handSigned), '—', '']);
      rows.push([...sideRow(framework, `accel, cache off, signing on the spot (${family})`, onTheSpot), ofCeiling(onTheSpot), '—', cpuRatios(onTheSpot), ofHandSigning(onTheSpot), '']);
      rows.push([...sideRow(framework, `accel, cache off (${family})`, runs), ofCeiling(runs), '—', cpuRatios(runs), ofHandSigning(runs), '≥ 0.9× of 1/(sign + request)']);
    }
    return rows;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/**
 * 1,024 objects, RSA. Steady: a 300 s lifetime (60 s window). Boundary: a 25 s lifetime (5 s window), so that
 * every 5 s each entry passes its window boundary and is re-signed — one by one, at its own phase. Each run is
 * continuous (an idle pause would let entries go stale together, which is not a window boundary but a restart)
 * and starts with every entry touched; the two alternate for WINDOW_ROUNDS rounds, judged by the median of the
 * paired p99 ratios, so that a slow phase of the machine does not land on one side only.
 */
async function cacheWindows(framework: Framework): Promise<Row> {
  const servers = await Promise.all([startServer(accelSetup(framework, 'RSA', true, 300, OBJECTS)), startServer(accelSetup(framework, 'RSA', true, 25, OBJECTS))]);
  try {
    await warmAll(servers);
    const [steady, boundary] = (await alternate(WINDOW_ROUNDS, servers.map((server) => () => measure(server, WINDOW_SECONDS, true)))) as [Run[], Run[]];
    const maxStall = (runs: readonly Run[]): number => Math.max(...runs.map((run) => run.stall));
    return [
      framework,
      median(pick(steady, 'rps')),
      median(pick(steady, 'p99')),
      maxStall(steady),
      median(pick(boundary, 'rps')),
      median(pick(boundary, 'p99')),
      maxStall(boundary),
      ratioSpread(spread(pairedRatios(pick(boundary, 'p99'), pick(steady, 'p99')))),
      '≤ 1.5×',
    ];
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/**
 * Cache hits on a shared core: the hand-written 302, a second copy of it (the instrument's own bias), the
 * hand-written 302 behind the least any middleware adds, and the accel app, all on the server core at the same
 * time. The scheduler gives each the same share of the core, so each round's req/s ratio is a ratio of CPU cost
 * per request, and a slow phase of the machine lands on every server alike instead of on one side of a pair.
 */
async function sharedCore(framework: Framework): Promise<Row[]> {
  const extras: Array<[string, ExtraMiddleware]> = framework === 'Koa'
    ? [['hand-written 302 + an empty middleware', 'empty'], ['hand-written 302 + a middleware that removes the app\'s X-Accel-Redirect', 'strip']]
    : [['hand-written 302 + an empty middleware', 'empty']];
  const variants: Array<[string, ServeSetup]> = [
    ['hand-written 302', { framework, kind: 'hand', handUrl }],
    ['hand-written 302, a second copy (A/A)', { framework, kind: 'hand', handUrl }],
    ...extras.map(([name, extra]): [string, ServeSetup] => [name, { framework, kind: 'hand', handUrl, extra }]),
    ['accel, cache hit (RSA)', accelSetup(framework, 'RSA', true)],
  ];
  const rps = await sharedCoreRates(variants.map(([, setup]) => setup));
  const reference = rps[0] as number[];
  return variants.map(([name], index) => [
    framework,
    name,
    median(rps[index] as number[]),
    index === 0 ? '—' : ratioSpread(spread(pairedRatios(rps[index] as number[], reference))),
    index === variants.length - 1 ? '≥ 0.95× req/s' : '',
  ]);
}

/** Each server's req/s per round, all of them loaded at once on the server core (one warm-up round first). */
async function sharedCoreRates(setups: readonly ServeSetup[]): Promise<number[][]> {
  const servers = await Promise.all(setups.map((setup) => startServer(setup)));
  try {
    const load = (server: ServerProcess) => () => runLoad(server.url, { seconds: SHARED_SECONDS, connections: SHARED_CONNECTIONS });
    await together(1, servers.map(load));
    const runs = await together(SHARED_ROUNDS, servers.map(load));
    for (const [index, serverRuns] of runs.entries()) {
      const redirects = setups[index]!.answer !== 'json';
      const failed = serverRuns.reduce((sum, run) => sum + run.errors + (redirects ? run.other : 0), 0);
      if (failed > 0) process.stderr.write(`warning: ${servers[index]!.url}: ${failed} errors${redirects ? ' or non-3xx responses' : ''}\n`);
    }
    return runs.map((serverRuns) => serverRuns.map((run) => run.rps));
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/**
 * A cache hit of each provider's location beside a CloudFront one, on a shared core the same way: the same app and
 * engine, only the location's target differs. Each ratio is one of CPU cost per request, to the CloudFront hit.
 */
async function providerHits(framework: Framework): Promise<Row[]> {
  const variants: Array<[string, ServeSetup]> = [
    ['hand-written 302', { framework, kind: 'hand', handUrl }],
    ['accel, CloudFront cache hit (RSA)', accelSetup(framework, 'RSA', true)],
    ...PROVIDERS.map(([name, provider]): [string, ServeSetup] => [`accel, ${name} cache hit`, { ...accelSetup(framework, 'RSA', true), provider }]),
  ];
  const rps = await sharedCoreRates(variants.map(([, setup]) => setup));
  const [hand, cloudFront] = rps as [number[], number[]];
  return variants.map(([name], index) => [
    framework,
    name,
    median(rps[index] as number[]),
    index === 0 ? '—' : ratioSpread(spread(pairedRatios(rps[index] as number[], hand))),
    index < 2 ? '—' : ratioSpread(spread(pairedRatios(rps[index] as number[], cloudFront))),
    index < 2 ? '' : 'the same as CloudFront\'s',
  ]);
}

/**
 * Responses without X-Accel-Redirect (JSON), on a shared core: the app behind the accel middleware against the
 * same app behind an empty one, what the middleware costs (or saves) every response it lets through.
 */
async function passThrough(framework: Framework): Promise<Row> {
  const [plain, accel] = (await sharedCoreRates([
    { framework, kind: 'hand', handUrl, extra: 'empty', answer: 'json' },
    { ...accelSetup(framework, 'RSA', true), answer: 'json' },
  ])) as [number[], number[]];
  return [framework, median(plain), median(accel), ratioSpread(spread(pairedRatios(accel, plain)))];
}

async function main(): Promise<void> {
  process.stdout.write(`Every configuration in a fresh server process; ${pinningNote()}. ${CONNECTIONS} connections, ${WARMUP} s warm-up per server, then ${ROUNDS} alternating rounds of ${SECONDS} s.\n\n`);
  const rows: Row[] = [];
  const windowRows: Row[] = [];
  const sharedRows: Row[] = [];
  const passRows: Row[] = [];
  const providerRows: Row[] = [];
  for (const framework of FRAMEWORKS) {
    providerRows.push(...(await providerHits(framework)));
    if (PROVIDERS_ONLY) continue;
    sharedRows.push(...(await sharedCore(framework)));
    passRows.push(await passThrough(framework));
    const hand = await startServer({ framework, kind: 'hand', handUrl });
    try {
      rows.push(...(await cacheHit(framework, hand)), ...(await cacheOff(framework, hand)));
    } finally {
      await hand.stop();
    }
    windowRows.push(await cacheWindows(framework));
  }
  const providerNote = `Cache hits per provider on a shared core (the same way, ${SHARED_CONNECTIONS} connections each; ${SHARED_ROUNDS} rounds of ${SHARED_SECONDS} s): the same app and engine with one location, CloudFront's or another provider's; ratios: median of the per-round ratios, range in brackets`;
  if (PROVIDERS_ONLY) {
    process.stdout.write(`${providerNote}:\n\n`);
    printTable(['framework', 'variant', 'req/s', 'ratio to the hand-written 302', 'ratio to the CloudFront hit', 'target'], providerRows);
    return;
  }
  // "ratio CPU" compares server CPU per request (hand-written ÷ accel, i.e. req/s per core-second): on a shared
  // machine it is the steadier figure; req/s and p99 are the ones the targets name.
  // Cache off, "ratio req/s" is against the formula ceiling 1/(sign + request); "ratio hand-signing" is against
  // the hand-written 302 that signs each request itself.
  printTable(['framework', 'variant', 'req/s', 'p99 ms', 'CPU µs/req', 'ratio req/s', 'ratio p99', 'ratio CPU', 'ratio hand-signing', 'target'], rows);
  process.stdout.write(`\nRatios: median of the ${ROUNDS} per-round paired ratios (range in brackets); req/s, p99 and CPU: medians across the rounds. Cache off: each round's ceiling from the idle sign time measured in the accel server's process right before that round (the median shown).\n`);
  process.stdout.write(`\nCache hits on a shared core (each configuration's servers all loaded at once on the server core, ${SHARED_CONNECTIONS} connections each; ${SHARED_ROUNDS} rounds of ${SHARED_SECONDS} s; req/s: median per server; ratio: median of the per-round ratios to the hand-written 302, range in brackets):\n\n`);
  printTable(['framework', 'variant', 'req/s', 'ratio req/s', 'target'], sharedRows);
  process.stdout.write(`\n${providerNote}:\n\n`);
  printTable(['framework', 'variant', 'req/s', 'ratio to the hand-written 302', 'ratio to the CloudFront hit', 'target'], providerRows);
  process.stdout.write(`\nResponses without X-Accel-Redirect (a JSON body) on a shared core, the same way: the app behind the accel middleware against the same app behind an empty middleware:\n\n`);
  printTable(['framework', 'behind an empty middleware req/s', 'behind the accel middleware req/s', 'ratio req/s'], passRows);
  process.stdout.write(`\nAcross cache-window boundaries (1,024 objects, RSA; ${WINDOW_ROUNDS} alternating rounds of ${WINDOW_SECONDS} s; req/s and p99: medians, stalls: the longest of any round):\n\n`);
  printTable(['framework', 'steady req/s', 'steady p99 ms', 'steady max stall ms', 'boundary req/s', 'boundary p99 ms', 'boundary max stall ms', 'p99 ratio', 'target'], windowRows);
}

try {
  await main();
} finally {
  await stopAll();
}
