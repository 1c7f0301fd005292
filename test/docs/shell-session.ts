import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** A free TCP port on 127.0.0.1, as the kernel hands it out. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Resolves once `host:port` accepts a TCP connection; rejects after `limitMs` (a server that never comes up). */
export async function waitForListener(host: string, port: number, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const connected = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host);
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => { socket.destroy(); resolve(false); });
    });
    if (connected) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port} after ${limitMs} ms`);
    await delay(50);
  }
}

/**
 * One bash process that runs doc blocks one after the other, as a reader pasting them into one terminal would:
 * variables and background jobs carry over. Each block's stdout is returned; a failing command (`set -e`) ends
 * the session with its stderr.
 */
export class ShellSession {
  private readonly child: ChildProcess;
  private stdout = '';
  private stderr = '';
  private count = 0;
  private readonly exited: Promise<number | null>;
  private readonly closed: Promise<unknown>;

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    // A process group of its own: the servers a block starts in the background (and the processes they start) are
    // all stopped with the session, whatever the block did.
    this.child = spawn('bash', ['--noprofile', '--norc', '-s'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child.stdout?.on('data', (chunk: Buffer) => { this.stdout += chunk.toString(); });
    this.child.stderr?.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
    this.exited = once(this.child, 'exit').then(([code]) => code as number | null);
    this.closed = once(this.child, 'close');
    this.child.stdin?.write('set -euo pipefail\n');
  }

  /** Runs `script` and resolves with what it printed on stdout. */
  async run(script: string): Promise<string> {
    this.count += 1;
    const marker = `__doc_block_done_${this.count}__`;
    const start = this.stdout.length;
    this.child.stdin?.write(`${script}\nprintf '\\n%s\\n' '${marker}'\n`);
    for (;;) {
      const at = this.stdout.indexOf(`\n${marker}\n`, start);
      if (at !== -1) return this.stdout.slice(start, at);
      const exited = await Promise.race([this.exited.then(() => true), once(this.child.stdout as NodeJS.ReadableStream, 'data').then(() => false)]);
      if (exited && this.stdout.indexOf(`\n${marker}\n`, start) === -1) {
        throw new Error(`the block failed (exit ${String(await this.exited)}):\n--- stdout\n${this.stdout.slice(start)}\n--- stderr\n${this.stderr}`);
      }
    }
  }

  /** Stops bash and everything the blocks started (its process group), and waits until their output has ended. */
  async close(): Promise<void> {
    this.child.stdin?.end();
    try {
      process.kill(-(this.child.pid as number), 'SIGTERM');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
    await this.closed;
  }

  get errors(): string {
    return this.stderr;
  }
}
