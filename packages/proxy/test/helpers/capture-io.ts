import type { CliIo } from '../../src/cli/command.js';

/** A CliIo that records what a command prints. */
export function captureIo(overrides: Partial<CliIo> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => { io.out += text; },
    stderr: (text: string) => { io.err += text; },
    env: {},
    cwd: process.cwd(),
    now: () => Date.now(),
    ...overrides,
  };
  return io;
}
