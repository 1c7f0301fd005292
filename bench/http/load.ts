import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

// The load generator runs in its own process, so it never competes with the server's event loop.
// Prints one JSON line: requests/s, latency percentiles (ms), errors and the status histogram.
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

const result = await autocannon({
  url: values.url as string,
  duration: Number(values.duration),
  connections: Number(values.connections),
  pipelining: 1,
});

process.stdout.write(`${JSON.stringify({
  rps: result.requests.average,
  total: result.requests.total,
  p50: result.latency.p50,
  p99: result.latency.p99,
  max: result.latency.max,
  errors: result.errors + result.timeouts,
  '3xx': result['3xx'],
  other: result['1xx'] + result['2xx'] + result['4xx'] + result['5xx'],
})}\n`);
