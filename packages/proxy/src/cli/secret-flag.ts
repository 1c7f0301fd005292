import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CliUsageError, type CliIo } from './command.js';

/** Where a secret comes from on the command line: a file (`--…-file`) or an environment variable (`--…-env`). */
export interface SecretFlags {
  /** The flag names without `--`, e.g. `security-key-file` and `security-key-env`. */
  file: string;
  env: string;
  /** The variable read when neither flag is given. */
  defaultEnv: string;
}

/**
 * Reads a secret from `--<file>` or `--<env>` (default `$<defaultEnv>`), trailing newline removed. Secrets are never
 * flag values themselves: they would stay in the shell history and the process list.
 */
export function readSecretFlag(values: Record<string, unknown>, flags: SecretFlags, io: CliIo): string {
  const file = values[flags.file];
  const variable = values[flags.env];
  if (typeof file === 'string' && typeof variable === 'string') throw new CliUsageError(`give --${flags.file} or --${flags.env}, not both`);
  if (typeof file === 'string') {
    try {
      return readFileSync(path.resolve(io.cwd, file), 'utf8').replace(/\r?\n$/, '');
    } catch (cause) {
      throw new CliUsageError(`--${flags.file}: cannot read ${JSON.stringify(file)} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const name = typeof variable === 'string' ? variable : flags.defaultEnv;
  const secret = io.env[name];
  if (secret === undefined || secret === '') throw new CliUsageError(`$${name} is not set: export it, name another variable with --${flags.env}, or give --${flags.file}`);
  return secret;
}
