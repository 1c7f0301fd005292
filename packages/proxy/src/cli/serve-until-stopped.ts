import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import type { CliIo } from './command.js';
import { parseListen } from './listen-address.js';

/** What a server command runs: something that listens and closes gracefully. */
export interface Listening {
  listen(port?: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

/** `host:port` as a URL writes it (an IPv6 address in brackets). */
export function hostPort(address: AddressInfo): string {
  return `${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
}

/**
 * Listens on `listen`, reports it, then serves until `stopped` (SIGTERM/SIGINT) and closes gracefully. Resolves
 * to the exit status: 1 when it cannot listen, else 0. `ready` runs once listening (SIGHUP reloads, say) and
 * returns the rest of the "listening on" line.
 */
export async function serveUntilStopped(command: string, server: Listening, listen: string, stopped: Promise<string>, io: CliIo, ready: (address: AddressInfo, who: string) => string): Promise<number> {
  const { host, port } = parseListen(listen);
  let address: AddressInfo;
  try {
    address = await server.listen(port, host);
  } catch (error) {
    io.stderr(`cdn-accel ${command}: cannot listen on ${listen} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
    await server.close();
    cluster.worker?.disconnect();
    return 1;
  }
  const who = cluster.isWorker ? `worker ${process.pid}` : `pid ${process.pid}`;
  io.stderr(`cdn-accel ${command} (${who}) listening on ${ready(address, who)}\n`);
  const signal = await stopped;
  io.stderr(`cdn-accel ${command} (${who}): ${signal}, finishing requests in flight\n`);
  await server.close();
  // A worker's IPC channel to the primary would keep it alive: let go of it once the server is closed.
  cluster.worker?.disconnect();
  return 0;
}
