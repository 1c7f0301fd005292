import { expect } from 'chai';
import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { pathToFileURL } from 'node:url';
import type { StreamDecision } from '@cdn-accel/core';
import { files } from '../../src/index.js';

describe('locating a file while the folders around it change', () => {
  let base = '';
  let root = '';
  const realpath = fs.promises.realpath;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'cdn-accel-files-race-'));
    root = join(base, 'root');
    mkdirSync(join(root, 'd'), { recursive: true });
    writeFileSync(join(root, 'd', 'f.txt'), 'inside');
    mkdirSync(join(base, 'outside'));
    writeFileSync(join(base, 'outside', 'f.txt'), 'SECRET');
  });
  let fifoToRelease: string | undefined;
  afterEach(() => {
    // Had an open waited for a writer (the test timed out), one lets it go, so that the process can end.
    if (fifoToRelease !== undefined) {
      try {
        closeSync(openSync(fifoToRelease, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // No reader waits: nothing to let go.
      }
      fifoToRelease = undefined;
    }
    fs.promises.realpath = realpath;
    syncBuiltinESMExports();
    rmSync(base, { recursive: true, force: true });
  });

  /** Changes the tree right after the file's path is resolved, before it is opened: the race, made certain. */
  function afterRealpath(change: () => void): void {
    fs.promises.realpath = (async (path: Parameters<typeof realpath>[0], options?: Parameters<typeof realpath>[1]) => {
      const resolved = await realpath(path, options);
      if (String(path) === join(root, 'd', 'f.txt')) change();
      return resolved;
    }) as typeof realpath;
    syncBuiltinESMExports();
  }

  async function get(): Promise<{ status: number; body: string } | { status: number; code: string }> {
    const source = files({ root }).streamSource;
    if (source === undefined) throw new Error('no stream source');
    const decision: StreamDecision = { kind: 'stream', url: pathToFileURL(join(root, 'd', 'f.txt')).href, method: 'GET', forwardHeaders: [], overrideHeaders: [], buffering: true };
    try {
      const answer = await source.open(decision, { signal: new AbortController().signal });
      return { status: answer.status, body: answer.body === null ? '' : (await buffer(answer.body)).toString() };
    } catch (error) {
      return { status: (error as { status: number }).status, code: (error as { code: string }).code };
    }
  }

  it('serves the file when nothing changes', async () => {
    expect(await get()).to.deep.equal({ status: 200, body: 'inside' });
  });

  it('SECURITY: never serves a file out of root when a folder is swapped for a symlink after the checks', async function () {
    if (process.platform !== 'linux') this.skip();
    afterRealpath(() => {
      renameSync(join(root, 'd'), join(root, 'd.real'));
      symlinkSync(join(base, 'outside'), join(root, 'd'));
    });
    expect(await get()).to.deep.equal({ status: 404, code: 'ERR_ACCEL_ORIGIN' });
  });

  it('SECURITY: answers 404 at once, without waiting for a writer, when the file is swapped for a FIFO after the checks', async function () {
    if (process.platform === 'win32') this.skip();
    const fifo = join(root, 'd', 'f.txt');
    afterRealpath(() => {
      unlinkSync(fifo);
      execFileSync('mkfifo', [fifo]);
    });
    fifoToRelease = fifo;
    expect(await get()).to.deep.equal({ status: 404, code: 'ERR_ACCEL_ORIGIN' });
  });
});
