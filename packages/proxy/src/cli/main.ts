import { isAccelError } from '@cdn-accel/core';
import { CliUsageError, type CliCommand, type CliIo } from './command.js';
import { commands } from './commands/index.js';

function overview(): string {
  const width = Math.max(0, ...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return ['Usage: cdn-accel <command> [options]', '', 'Commands:', ...lines, '', 'Run `cdn-accel <command> --help` for its options.', ''].join('\n');
}

function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

async function runCommand(command: CliCommand, args: string[], io: CliIo): Promise<number> {
  const usage = command.usageFor?.(args) ?? command.usage;
  if (wantsHelp(args)) {
    io.stdout(`${usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`cdn-accel ${command.name}: ${(error as Error).message}\n\n${usage.trimEnd()}\n`);
      return 2;
    }
    if (isAccelError(error)) {
      io.stderr(`cdn-accel ${command.name}: ${error.message} (${error.code})\n`);
      return 1;
    }
    throw error;
  }
}

/** Runs `cdn-accel` with `argv` (without the node and script paths); resolves to the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(overview());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.stderr(`cdn-accel: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  return runCommand(command, args, io);
}
