import { fileURLToPath } from 'node:url';
import { LOAD_CORE, spawnNode } from './processes.js';

const loadScript = fileURLToPath(new URL('../http/load.ts', import.meta.url));

/** What bench/http/load.ts prints: requests/s and total, latency percentiles (ms), errors and status counts. */
export interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  '3xx': number;
  other: number;
}

export interface LoadOptions {
  seconds: number;
  connections: number;
  /**
   * Runs once the generator is up and waiting, right before it starts: e.g. resetting the server's counters or
   * refreshing its cache, with no idle gap between that and the load.
   */
  beforeGo?: () => Promise<void> | void;
}

/** One autocannon run in a fresh process of its own, on the load generator's core. */
export async function runLoad(url: string, options: LoadOptions): Promise<LoadResult> {
  const args = [loadScript, '--url', url, '--duration', String(options.seconds), '--connections', String(options.connections)];
  const child = spawnNode(LOAD_CORE, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  const closed = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.startsWith('ready\n')) resolve();
    });
    closed.then((code) => reject(new Error(`load generator exited (${code}) before it was ready`)), reject);
  });
  await ready;
  await options.beforeGo?.();
  child.stdin?.end('go\n');
  const code = await closed;
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(output.trim().split('\n').pop() as string) as LoadResult;
}
