import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDevCdn, ensureDevKeys, writeSampleMedia, type DevKeys, type RunningDevCdn } from '@cdn-accel/dev-cdn';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));
// The proxy's CLI from the workspace sources, as `pnpm cdn-accel` runs it.
const proxyBin = fileURLToPath(new URL('./cli/bin.ts', import.meta.resolve('@cdn-accel/proxy')));
const tsx = import.meta.resolve('tsx');

export interface LegacyExampleOptions {
  /** Port of the Python app; 0 picks a free one. @default 8000 */
  appPort?: number;
  /** Port of `cdn-accel proxy`, the one browsers use. @default 8080 */
  proxyPort?: number;
  /** Port of the local CDN emulator. @default 9000 */
  cdnPort?: number;
  /** Copy the children's output to this process's stderr. @default false */
  verbose?: boolean;
}

export interface RunningLegacyExample {
  proxyUrl: string;
  appUrl: string;
  cdnUrl: string;
  keys: DevKeys;
  /** Access log lines the proxy printed so far. */
  accessLog(): string[];
  close(): Promise<void>;
}

/** Starts a child and resolves with the port it prints in its "listening on http://host:port" line. */
function startChild(command: string, args: string[], env: NodeJS.ProcessEnv, verbose: boolean, lines: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(command, args, { cwd: exampleDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      output += text;
      if (verbose) process.stderr.write(text);
      const match = /listening on http:\/\/[^\s]+:(\d+)/.exec(output);
      if (match !== null) resolve({ child, port: Number(match[1]) });
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      lines.push(...chunk.toString().split('\n').filter((line) => line.startsWith('{')));
      onData(chunk);
    });
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${path.basename(args[args.length - 1] ?? command)} exited (${code}) before listening:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The proxy config: the committed `cdn-accel.json`, with the emulator's URL when it is not on port 9000. */
function configFor(cdn: RunningDevCdn): string {
  const committed = path.join(exampleDir, 'cdn-accel.json');
  if (cdn.url === 'http://127.0.0.1:9000/') return committed;
  const config = JSON.parse(readFileSync(committed, 'utf8')) as { locations: Record<string, { url: string }> };
  for (const location of Object.values(config.locations)) location.url = cdn.url;
  const runtime = path.join(exampleDir, '.cdn-accel.runtime.json');
  writeFileSync(runtime, JSON.stringify(config, null, 2));
  return runtime;
}

/** Starts the emulator (the "CDN"), the Python app and `cdn-accel proxy` in front of it. */
export async function startLegacyExample(options: LegacyExampleOptions = {}): Promise<RunningLegacyExample> {
  const verbose = options.verbose ?? false;
  const keys = ensureDevKeys(path.join(exampleDir, '.dev-keys'));
  const media = path.join(exampleDir, 'media');
  writeSampleMedia(media);
  const cdn = await createDevCdn({ root: media, publicKeys: { [keys.keyPairId]: { file: keys.publicKeyFile } } }).listen({ port: options.cdnPort ?? 9000 });
  const log: string[] = [];
  const children: ChildProcess[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(children.map(stop));
    await cdn.close();
  };
  try {
    const app = await startChild('python3', ['app/app.py', '--port', String(options.appPort ?? 8000)], {}, verbose, []);
    children.push(app.child);
    const appUrl = `http://127.0.0.1:${app.port}`;
    const proxyArgs = ['--conditions=source', '--import', tsx, proxyBin, 'proxy', '--config', configFor(cdn), '--upstream', appUrl, '--listen', `127.0.0.1:${options.proxyPort ?? 8080}`];
    const proxy = await startChild(process.execPath, proxyArgs, { CDN_KEY_PAIR_ID: keys.keyPairId }, verbose, log);
    children.push(proxy.child);
    return { proxyUrl: `http://127.0.0.1:${proxy.port}`, appUrl, cdnUrl: cdn.url, keys, accessLog: () => [...log], close };
  } catch (error) {
    await close();
    throw error;
  }
}
