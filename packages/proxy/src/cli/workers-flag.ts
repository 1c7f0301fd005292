import { CliUsageError } from './command.js';

/** `--workers`: a whole number ≥ 1 or `auto`; undefined when the flag is absent. */
export function parseWorkers(value: string | undefined): number | 'auto' | undefined {
  if (value === undefined || value === 'auto') return value;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new CliUsageError(`--workers: must be a whole number ≥ 1 or "auto", got ${JSON.stringify(value)}. Give e.g. 4, or auto for one process per core`);
  }
  return Number(value);
}
