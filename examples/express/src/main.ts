import { startExpressExample } from './start.js';

const running = await startExpressExample(undefined, console);
process.stdout.write(`Express example on ${running.appUrl} (sign in as demo / demo); files from ${running.cdnUrl}${running.emulated ? ' (local emulator, development only)' : ''}\n`);

const stop = () => {
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  running.close().then(() => process.stdout.write('stopped\n'));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
