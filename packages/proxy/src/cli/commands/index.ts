import type { CliCommand } from '../command.js';
import { devCdnCommand } from './dev-cdn.js';
import { fromNginxCommand } from './from-nginx.js';
import { presignCommand } from './presign.js';
import { proxyCommand } from './proxy.js';
import { serveCommand } from './serve.js';
import { keygenCommand } from './keygen.js';
import { signCookiesCommand } from './sign-cookies.js';
import { signCommand } from './sign.js';
import { verifyCommand } from './verify.js';

/** Every subcommand, in the order `cdn-accel --help` lists them. */
export const commands: readonly CliCommand[] = [
  devCdnCommand,
  presignCommand,
  signCommand,
  signCookiesCommand,
  verifyCommand,
  keygenCommand,
  proxyCommand,
  serveCommand,
  fromNginxCommand,
];
