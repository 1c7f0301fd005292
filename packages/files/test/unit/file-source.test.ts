import { expect } from 'chai';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { pathToFileURL } from 'node:url';
import type { StreamDecision } from '@cdn-accel/core';
import { files, type FilesOptions } from '../../src/index.js';

// The file system module as send requires it, to replace a file at the moment send looks at it.
const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');

describe('the files() stream source', () => {
  let base = '';
  let root = '';
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'cdn-accel-files-source-'));
    root = join(base, 'root');
    mkdirSync(root);
    writeFileSync(join(root, 'a.txt'), 'inside');
    writeFileSync(join(base, 'secret.txt'), 'outside');
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  function decision(url: string): StreamDecision {
    return { kind: 'stream', url, method: 'GET', forwardHeaders: [], overrideHeaders: [], buffering: true };
  }

  async function open(url: string, options: Omit<FilesOptions, 'root'> = {}): Promise<{ status: number; body: string } | { code: string; status: number }> {
    const source = files({ root, ...options }).streamSource;
    if (source === undefined) throw new Error('no stream source');
    try {
      const answer = await source.open(decision(url), { signal: new AbortController().signal });
      return { status: answer.status, body: answer.body === null ? '' : (await buffer(answer.body)).toString() };
    } catch (error) {
      return { code: (error as { code: string }).code, status: (error as { status: number }).status };
    }
  }

  it('serves a file below root', async () => {
    expect(await open(pathToFileURL(join(root, 'a.txt')).href)).to.deep.equal({ status: 200, body: 'inside' });
  });

  it('SECURITY: refuses a decision URL outside root, whatever made it (checked where the file is opened), whatever the options', async () => {
    for (const options of [{}, { followSymlinks: true, dotfiles: 'allow' as const }]) {
      expect(await open(pathToFileURL(join(base, 'secret.txt')).href, options)).to.deep.equal({ code: 'ERR_ACCEL_ORIGIN', status: 404 });
      expect(await open(`file://${root}/../secret.txt`, options)).to.deep.equal({ code: 'ERR_ACCEL_ORIGIN', status: 404 });
      expect(await open('https://example.com/a.txt', options)).to.deep.equal({ code: 'ERR_ACCEL_ORIGIN', status: 404 });
    }
  });

  it('answers 404 when the file is replaced between its opening and the reading of its headers, never one\'s headers with the other\'s bytes', async () => {
    const stat = fs.stat;
    writeFileSync(join(root, 'replaced.txt'), 'the first version, the longer one');
    writeFileSync(join(base, 'next.txt'), 'second');
    // Replaced at the moment the headers' stats are read: the race, made certain.
    fs.stat = ((path: string, ...rest: unknown[]) => {
      if (path === join(root, 'replaced.txt')) renameSync(join(base, 'next.txt'), path);
      return (stat as (...args: unknown[]) => void)(path, ...rest);
    }) as typeof fs.stat;
    try {
      expect(await open(pathToFileURL(join(root, 'replaced.txt')).href)).to.deep.equal({ code: 'ERR_ACCEL_ORIGIN', status: 404 });
    } finally {
      fs.stat = stat;
    }
  });

  it('carries X-Accel-Buffering through to the answer', async () => {
    const source = files({ root }).streamSource;
    const answer = await source?.open({ ...decision(pathToFileURL(join(root, 'a.txt')).href), buffering: false }, { signal: new AbortController().signal });
    expect(answer?.buffering).to.equal(false);
    if (answer?.body) await buffer(answer.body);
  });

  it('refuses with 499 when the client went away before the file was opened', async () => {
    const source = files({ root }).streamSource;
    const controller = new AbortController();
    controller.abort();
    const failure = await source?.open(decision(pathToFileURL(join(root, 'a.txt')).href), { signal: controller.signal }).then(() => undefined, (error: unknown) => error);
    expect(failure).to.include({ code: 'ERR_ACCEL_ORIGIN', status: 499 });
  });
});
