import { expect } from 'chai';
import { once } from 'node:events';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { StreamDecision, StreamResponse } from '@cdn-accel/core';
import { files } from '../../src/index.js';

describe('the body of a files() answer', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cdn-accel-files-body-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function open(name: string, range?: string): Promise<StreamResponse> {
    const source = files({ root }).streamSource;
    if (source === undefined) throw new Error('no stream source');
    const forwardHeaders: [string, string][] = range === undefined ? [] : [['Range', range]];
    const decision: StreamDecision = { kind: 'stream', url: pathToFileURL(join(root, name)).href, method: 'GET', forwardHeaders, overrideHeaders: [], buffering: true };
    return source.open(decision, { signal: new AbortController().signal });
  }

  for (const [name, range] of [['a whole file', undefined], ['a range', 'bytes=10-'], ['several ranges', 'bytes=0-9,100-']] as const) {
    it(`SECURITY: fails, never ends short, when the file shrinks while ${name} is read`, async () => {
      writeFileSync(join(root, 'shrinking.bin'), Buffer.alloc(1024 * 1024, 120));
      const { body } = await open('shrinking.bin', range);
      if (body === null) throw new Error('no body');
      const [first] = (await once(body, 'data')) as [Buffer];
      expect(first.length).to.be.above(0);
      truncateSync(join(root, 'shrinking.bin'), 50);
      const failure = await buffer(body).then(() => undefined, (error: unknown) => error);
      expect(failure).to.include({ code: 'ERR_ACCEL_ORIGIN' });
      expect((failure as Error).message).to.match(/truncated/);
    });
  }

  it('reads the bytes announced, from a file that grows while it is sent', async () => {
    writeFileSync(join(root, 'growing.bin'), Buffer.alloc(200_000, 97));
    const answer = await open('growing.bin');
    writeFileSync(join(root, 'growing.bin'), Buffer.alloc(300_000, 97));
    const bytes = await buffer(answer.body ?? Readable.from([]));
    expect(bytes.length).to.equal(Number(answer.headers.find(([name]) => name.toLowerCase() === 'content-length')?.[1])).and.equal(200_000);
  });

  it('SECURITY: answers many ranges without a MaxListenersExceededWarning (a client could flood the logs)', async () => {
    writeFileSync(join(root, 'parts.txt'), 'abcdefghijklmnopqrstuvwxyz'.repeat(4));
    const warnings: Error[] = [];
    const listener = (warning: Error): void => void warnings.push(warning);
    process.on('warning', listener);
    try {
      const ranges = Array.from({ length: 20 }, (_, index) => `${index * 5}-${index * 5 + 1}`).join(',');
      const answer = await open('parts.txt', `bytes=${ranges}`);
      expect(answer.status).to.equal(206);
      const text = (await buffer(answer.body ?? Readable.from([]))).toString();
      expect(text.match(/Content-Range: bytes \d+-\d+\/104/g)).to.have.length(20);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    expect(warnings.map((warning) => warning.name)).to.deep.equal([]);
  });
});
