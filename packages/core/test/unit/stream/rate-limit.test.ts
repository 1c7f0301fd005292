import { expect } from 'chai';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { createRateLimiter } from '../../../src/stream/rate-limit.js';

describe('createRateLimiter', () => {
  it('keeps the average rate at or under the limit and loses no byte', async () => {
    const payload = 'x'.repeat(3000);
    const started = Date.now();
    const out = await text(Readable.from([Buffer.from(payload)]).pipe(createRateLimiter(10_000)));
    const elapsed = Date.now() - started;
    expect(out).to.equal(payload);
    // 3000 bytes at 10 kB/s: the last 1000-byte slice is due at 200 ms (never sooner; later on a busy machine).
    expect(elapsed).to.be.at.least(190);
  });

  it('slices into tenths of a second', async () => {
    const sizes: number[] = [];
    const limiter = createRateLimiter(1_000_000);
    limiter.on('data', (chunk: Buffer) => sizes.push(chunk.length));
    limiter.end(Buffer.alloc(250_000));
    await new Promise((resolve) => limiter.on('end', resolve));
    expect(sizes).to.deep.equal([100_000, 100_000, 50_000]);
  });

  it('sends the first `after` bytes whole before limiting (limit_rate_after), on an injected clock', async () => {
    let now = 0;
    const sizes: number[] = [];
    const limiter = createRateLimiter(100, () => now, 250);
    limiter.on('data', (chunk: Buffer) => sizes.push(chunk.length));
    limiter.write(Buffer.alloc(300));
    await new Promise((resolve) => setImmediate(resolve));
    // 250 at once, then the limit's first tenth-of-a-second slice; the rest waits for the clock.
    expect(sizes).to.deep.equal([250, 10]);
    now = 1000;
    limiter.end();
    await new Promise((resolve) => limiter.on('end', resolve));
    expect(sizes.reduce((sum, size) => sum + size, 0)).to.equal(300);
  });

  it('clears its timer when destroyed mid-wait', async () => {
    const limiter = createRateLimiter(10);
    limiter.resume();
    limiter.write(Buffer.alloc(100));
    limiter.destroy();
    await new Promise((resolve) => limiter.on('close', resolve));
    expect(limiter.destroyed).to.equal(true);
  });
});
