export { runCli } from './cli/main.js';
export type { CliIo, CliCommand } from './cli/command.js';
