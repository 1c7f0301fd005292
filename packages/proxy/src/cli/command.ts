/** What a CLI command may touch: injected so tests run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Milliseconds since the epoch. */
  now: () => number;
}

/** One `cdn-accel <name>` subcommand. `run` resolves to the process exit status. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** The usage for these arguments, where a sub-command has its own (`cdn-accel sign gcs --help`). @default usage */
  usageFor?(args: readonly string[]): string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A usage mistake: printed with the command's usage, exit status 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}
