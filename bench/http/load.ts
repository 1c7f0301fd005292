import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

// The load generator runs in its own process, so it never competes with the server's event loop.
// Prints one JSON line: requests/s, latency percentiles (ms, from every response's time), errors and the status histogram.
const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    duration: { type: 'string', default: '4' },
    connections: { type: 'string', default: '32' },
  },
});

// The parent spawns us ahead of time: we say "ready", and start the moment it says "go" (so that process start-up
// is not an idle gap in the server's traffic).
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

// Every response's own time, in fractional milliseconds: autocannon's histogram keeps whole milliseconds, too
// coarse for p99s of 4 to 7 ms whose ratios are judged against 1.2× and 1.5×.
let times = new Float64Array(1 << 16);
let count = 0;
/** The fields of autocannon's result read here. */
interface Finished {
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  '1xx': number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
}
const result = await new Promise<Finished>((resolve, reject) => {
  const instance = autocannon({
    url: values.url as string,
    duration: Number(values.duration),
    connections: Number(values.connections),
    pipelining: 1,
  }, (error: Error | null, finished: Finished) => (error ? reject(error) : resolve(finished)));
  instance.on('response', (_client: unknown, _status: number, _bytes: number, milliseconds: number) => {
    if (count === times.length) {
      const grown = new Float64Array(times.length * 2);
      grown.set(times);
      times = grown;
    }
    times[count++] = milliseconds;
  });
});
const sorted = times.subarray(0, count).sort();
/** Nearest-rank percentile of the recorded response times. */
const percentile = (fraction: number): number => (count === 0 ? 0 : (sorted[Math.min(count - 1, Math.ceil(fraction * count) - 1)] as number));

process.stdout.write(`${JSON.stringify({
  rps: result.requests.average,
  total: result.requests.total,
  p50: percentile(0.5),
  p99: percentile(0.99),
  max: percentile(1),
  errors: result.errors + result.timeouts,
  '3xx': result['3xx'],
  other: result['1xx'] + result['2xx'] + result['4xx'] + result['5xx'],
})}\n`);
