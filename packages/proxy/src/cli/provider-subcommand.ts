import { isAccelError } from '@cdn-accel/core';
import { CliUsageError, type CliIo } from './command.js';

/** `cdn-accel sign <provider>` or `cdn-accel verify <provider>`: one provider's form of a command. */
export interface ProviderSubcommand {
  /** `google-cdn`, `gcs`, `bunny`, `secure-link`. */
  provider: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** The sub-command the first argument names, or undefined when it names none (the command's CloudFront form). */
export function subcommandOf(args: readonly string[], subcommands: readonly ProviderSubcommand[]): ProviderSubcommand | undefined {
  const [first] = args;
  return first === undefined || first.startsWith('-') ? undefined : subcommands.find((candidate) => candidate.provider === first);
}

/**
 * Input and configuration errors of the core as usage errors (exit 2), the library's option names replaced by the
 * flags the user typed (`securityKey:` → `--security-key-env / --security-key-file:`); other errors pass.
 */
export function asFlagError(error: unknown, renames: ReadonlyArray<readonly [RegExp, string]>): unknown {
  if (!isAccelError(error) || (error.code !== 'ERR_ACCEL_INVALID_INPUT' && error.code !== 'ERR_ACCEL_CONFIG')) return error;
  const rule = renames.find(([pattern]) => pattern.test(error.message));
  return new CliUsageError(rule === undefined ? error.message : error.message.replace(rule[0], rule[1]));
}

/** The one positional argument (the URL or gs:// address), a usage error when there is none or more. */
export function onePositional(positionals: readonly string[], what: string): string {
  if (positionals.length !== 1) throw new CliUsageError(positionals.length === 0 ? `${what} is required` : `give one ${what}, got ${positionals.length}`);
  return positionals[0] as string;
}
