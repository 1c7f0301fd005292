import { format } from 'node:util';
import type { AccelLogger } from '@cdn-accel/core';
import type { CliIo } from './command.js';

/** The logger the long-running commands hand to the engine and the server: one line per message on stderr. */
export function stderrLogger(io: CliIo): AccelLogger {
  const line = (...args: unknown[]): void => io.stderr(`${format(...args)}\n`);
  return { info: line, warn: line, error: line };
}
