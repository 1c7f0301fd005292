import { runLoad } from '../lib/load-generator.js';
import type { ServerProcess } from './server-process.js';

export const CONNECTIONS = 64;

export interface Run {
  rps: number;
  p99: number;
  /** Server CPU time (user + system) per request, µs: steadier than req/s on a shared machine. */
  cpu: number;
  /** Longest event-loop stall of the server during the run, ms. */
  stall: number;
}

/** Load that only warms the server up: nothing is reset or reported. */
export async function warmUp(server: ServerProcess, seconds: number): Promise<void> {
  await runLoad(server.url, { seconds, connections: CONNECTIONS });
}

/**
 * One measured run: the server's counters are zeroed right before the load starts (its cache refreshed first
 * with touchAll) and read right after it ends, so the CPU and stalls are those of this run's requests.
 */
export async function measure(server: ServerProcess, seconds: number, touchAll = false): Promise<Run> {
  const load = await runLoad(server.url, { seconds, connections: CONNECTIONS, beforeGo: () => server.reset(touchAll) });
  const report = await server.report();
  if (load.errors > 0 || load.other > 0) process.stderr.write(`warning: ${server.url}: ${load.errors} errors, ${load.other} non-3xx responses\n`);
  return { rps: load.rps, p99: load.p99, cpu: report.cpuUs / Math.max(1, load.total), stall: report.maxDelayMs };
}
