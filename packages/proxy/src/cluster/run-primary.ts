import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { debuglog } from 'node:util';

const debug = debuglog('cdn-accel:cluster');

/** `"auto"` → one worker per core the process may use. */
export function workerCount(value: number | 'auto'): number {
  return value === 'auto' ? availableParallelism() : value;
}

/** Options of `runPrimary`. */
export interface PrimaryOptions {
  workers: number;
  /** How long workers get to finish requests in flight after SIGTERM before they are killed, ms. */
  shutdownTimeout: number;
  /** One line of status for the operator (stderr). */
  report: (line: string) => void;
  /** Resolves when the operator asks to stop (SIGTERM/SIGINT). */
  stopSignal: Promise<string>;
  /** Pass SIGHUP on to the workers (they re-read their certificate), instead of letting it end the primary. */
  forwardHangup?: boolean;
  /** The command the status lines name. @default "proxy" */
  command?: string;
}

/**
 * The `node:cluster` primary of `--workers N`: forks N workers that share the listening socket, replaces a
 * worker that dies (after a pause, so a crash loop does not spin), and on SIGTERM/SIGINT passes the signal
 * on and waits for every worker to finish its requests. Resolves to the exit status: 1 when a worker fails
 * before it ever listened (a bad port, a bad key), else 0.
 */
export function runPrimary(options: PrimaryOptions): Promise<number> {
  return new Promise((resolve) => {
    const who = `cdn-accel ${options.command ?? 'proxy'}`;
    let stopping = false;
    let failedAtStart = false;
    const listening = new WeakSet<Worker>();
    const fork = (): void => {
      const worker = cluster.fork();
      worker.once('listening', () => listening.add(worker));
    };
    const stop = (reason: string): void => {
      if (stopping) return;
      stopping = true;
      debug('stopping workers: %s', reason);
      const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
      for (const worker of workers) worker.process.kill('SIGTERM');
      const kill = setTimeout(() => {
        for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGKILL');
      }, options.shutdownTimeout + 2000);
      kill.unref();
    };
    cluster.on('exit', (worker, code, signal) => {
      if (!stopping && !listening.has(worker)) {
        options.report(`${who}: worker ${worker.process.pid} failed to start (exit ${code ?? signal}); stopping`);
        failedAtStart = true;
        stop('start failure');
      } else if (!stopping) {
        options.report(`${who}: worker ${worker.process.pid} died (${code ?? signal}); starting another`);
        setTimeout(() => {
          if (!stopping) fork();
        }, 500).unref();
      }
      if (stopping && Object.values(cluster.workers ?? {}).every((other) => other === undefined || other.isDead())) {
        resolve(failedAtStart ? 1 : 0);
      }
    });
    options.stopSignal.then(stop, stop);
    if (options.forwardHangup === true) {
      process.on('SIGHUP', () => {
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGHUP');
      });
    }
    for (let index = 0; index < options.workers; index += 1) fork();
  });
}
