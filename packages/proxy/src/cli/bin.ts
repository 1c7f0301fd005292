#!/usr/bin/env node
import { runCli } from './main.js';

const status = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  now: () => Date.now(),
});
process.exitCode = status;
