import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { availableParallelism } from 'node:os';

// Servers share core 0 and the load generator has core 1: on a shared machine whose speed swings from second to
// second, this keeps the generator and the server from taking turns on each other's core in the middle of a run.
export const cores = availableParallelism();
export const SERVER_CORE = '0';
export const LOAD_CORE = '1';

export const onPath = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
export const pinning = onPath('taskset') && cores >= 2;

export const pinningNote = (): string =>
  pinning ? `servers pinned to core ${SERVER_CORE}, load generator to core ${LOAD_CORE} (taskset); ${cores} cores` : `no pinning (${cores < 2 ? 'one core' : 'taskset missing'}); ${cores} cores`;

const tsx = import.meta.resolve('tsx');
const running = new Set<ChildProcess>();

/**
 * Starts `command` on `core` when pinning is available (taskset execs it, so the PID is the command's own), and
 * keeps track of it so that stopAll(), a failure or our own exit ends it.
 */
export function spawnPinned(core: string | undefined, command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const [file, argv] = pinning && core !== undefined ? ['taskset', ['-c', core, command, ...args]] : [command, [...args]];
  const child = spawn(file, argv, options);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** A TypeScript script (through tsx) in a Node child of its own. */
export function spawnNode(core: string | undefined, args: readonly string[], options: SpawnOptions): ChildProcess {
  return spawnPinned(core, process.execPath, ['--import', tsx, ...args], options);
}

/** SIGTERM by PID, SIGKILL if the child is still there 5 s later. */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stop));
}

// A section that dies or is interrupted must not leave servers behind: children without an IPC channel (the
// proxy's servers, Nginx) would otherwise keep running.
process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
}
