import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);
/** The environment of a child Node: the test runner's own, without its NODE_OPTIONS (which load tsx). */
export const childEnv = { ...process.env, NODE_OPTIONS: '' };

/** What a command ended with. */
export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the Node script `script` (a cdn-accel launcher) with `args` in `cwd`, and gives how it ended. */
export async function runScript(script: string, args: readonly string[], cwd: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], { cwd, env: childEnv });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as Outcome;
    return { code, stdout, stderr };
  }
}
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** The published packages: folder under packages/ and npm name. */
export const published = [
  { folder: 'core', name: '@cdn-accel/core' },
  { folder: 'koa-adapter', name: '@cdn-accel/koa' },
  { folder: 'express-adapter', name: '@cdn-accel/express' },
  { folder: 'dev-cdn', name: '@cdn-accel/dev-cdn' },
  { folder: 'files', name: '@cdn-accel/files' },
  { folder: 'proxy', name: '@cdn-accel/proxy' },
] as const;

export interface Packed {
  folder: string;
  name: string;
  tarball: string;
}

let packing: Promise<Packed[]> | undefined;

// One build and one `pnpm pack` per package for the whole run, shared by every packaging suite.
async function packAll(): Promise<Packed[]> {
  const destination = await mkdtemp(join(tmpdir(), 'cdn-accel-tarballs-'));
  process.once('exit', () => rmSync(destination, { recursive: true, force: true }));
  await run('pnpm', ['build'], { cwd: root });
  const packed: Packed[] = [];
  for (const { folder, name } of published) {
    const before = new Set(await readdir(destination));
    await run('pnpm', ['pack', '--pack-destination', destination], { cwd: join(root, 'packages', folder) });
    const tarball = (await readdir(destination)).find((file) => !before.has(file) && file.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for ${name}`);
    packed.push({ folder, name, tarball: join(destination, tarball) });
  }
  return packed;
}

/** Builds the workspace and packs every published package, once; later calls get the same tarballs. */
export function packedTarballs(): Promise<Packed[]> {
  packing ??= packAll();
  return packing;
}

/** The paths inside a tarball, without npm's leading `package/`. */
export async function tarballEntries(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball]);
  return stdout.split('\n').filter(Boolean).map((entry) => entry.replace(/^package\//, ''));
}

/** The package.json inside a tarball: what the registry would serve. */
export async function tarballManifest(tarball: string): Promise<Record<string, unknown>> {
  const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
  return JSON.parse(stdout) as Record<string, unknown>;
}

export async function tarballBytes(tarball: string): Promise<ArrayBuffer> {
  const bytes = await readFile(tarball);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
