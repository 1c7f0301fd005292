import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_CORE, spawnNode, stop } from '../lib/processes.js';
import type { ServeReply, ServerReport, ServeRequest, ServeSetup, SetupMessage } from './protocol.js';

const serveScript = fileURLToPath(new URL('./serve.ts', import.meta.url));

/** The parent's handle on one server process (serve.ts) on the server core. */
export interface ServerProcess {
  url: string;
  /** Zeroes the server's counters (refreshing its cache first with touchAll) and resolves once it has. */
  reset(touchAll: boolean): Promise<void>;
  report(): Promise<ServerReport>;
  signTime(): Promise<number>;
  stop(): Promise<void>;
}

/** Sends one message and resolves with the server's reply of the given type; rejects if the server dies first. */
function ask<T extends ServeReply['type']>(child: ChildProcess, message: ServeRequest | SetupMessage, type: T): Promise<Extract<ServeReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => {
      child.off('message', onMessage);
      reject(new Error(`server process exited (${code}) before its '${type}' reply`));
    };
    const onMessage = (reply: ServeReply): void => {
      if (reply.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(reply as Extract<ServeReply, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message);
  });
}

export async function startServer(setup: ServeSetup): Promise<ServerProcess> {
  const child = spawnNode(SERVER_CORE, [serveScript], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const { url } = await ask(child, { type: 'setup', setup }, 'setup');
    return {
      url,
      reset: async (touchAll) => {
        await ask(child, { type: 'reset', touchAll }, 'reset');
      },
      report: async () => (await ask(child, { type: 'report' }, 'report')).report,
      signTime: async () => (await ask(child, { type: 'sign-time' }, 'sign-time')).ms,
      stop: () => stop(child),
    };
  } catch (error) {
    await stop(child);
    throw error;
  }
}
