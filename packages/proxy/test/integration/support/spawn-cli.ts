import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../src/cli/bin.ts', import.meta.url));
// Resolved here, not from the child's working directory, which need not see node_modules.
const tsx = import.meta.resolve('tsx');

export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Ports printed by the "listening on" lines (one per worker). */
  ports(): number[];
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

/** Starts `cdn-accel <args>` from the sources in a child process. */
export function spawnCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; detached?: boolean } = {}): RunningCli {
  const child = spawn(process.execPath, ['--conditions=source', '--import', tsx, bin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a test can signal the primary and its workers at once, as a terminal does.
    detached: options.detached ?? false,
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    ports: () => [...err.matchAll(/listening on https?:\/\/[^ ]+:(\d+) /g)].map((match) => Number(match[1])),
    exited,
  };
}
