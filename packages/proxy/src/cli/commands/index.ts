import type { CliCommand } from '../command.js';
import { devCdnCommand } from './dev-cdn.js';
import { presignCommand } from './presign.js';

/** Every subcommand, in the order `cdn-accel --help` lists them. */
export const commands: readonly CliCommand[] = [
  devCdnCommand,
  presignCommand,
];
