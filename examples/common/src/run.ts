import type { RunningExample } from './start.js';

/** What `pnpm start` does with a started example: says where it is, and stops it on Ctrl-C or SIGTERM. */
export function runUntilStopped(framework: string, running: RunningExample): void {
  process.stdout.write(`${framework} example on ${running.appUrl} (sign in as demo / demo); files from ${running.cdnUrl}${running.emulated ? ' (local emulator, development only)' : ''}\n`);
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    running.close().then(() => process.stdout.write('stopped\n'));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
