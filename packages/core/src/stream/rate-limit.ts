import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import type { Clock } from '../runtime/clock.js';

/** Largest slice written at once: a tenth of a second's worth, so the rate is smooth, not bursty. */
function sliceSize(bytesPerSecond: number): number {
  return Math.max(1, Math.floor(bytesPerSecond / 10));
}

/**
 * A Transform that keeps the average rate since the first byte at or under `bytesPerSecond`, like
 * Nginx's `limit_rate` (set per response by `X-Accel-Limit-Rate`), once the first `after` bytes are out
 * (`limit_rate_after`). The first slice goes out at once.
 */
export function createRateLimiter(bytesPerSecond: number, now: Clock = Date.now, after = 0): Transform {
  const started = now();
  const slice = sliceSize(bytesPerSecond);
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;

  const drain = (stream: Transform, chunk: Buffer, done: TransformCallback): void => {
    let rest = chunk;
    while (rest.length > 0) {
      const wait = started + ((sent - after) / bytesPerSecond) * 1000 - now();
      if (wait > 0) {
        const pending = rest;
        timer = setTimeout(() => {
          timer = undefined;
          drain(stream, pending, done);
        }, wait);
        return;
      }
      // Up to `after` bytes go out whole, then a slice at a time.
      const part = rest.subarray(0, Math.max(slice, after - sent));
      sent += part.length;
      stream.push(part);
      rest = rest.subarray(part.length);
    }
    done();
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      drain(this, chunk, done);
    },
    destroy(error, done) {
      if (timer !== undefined) clearTimeout(timer);
      done(error);
    },
  });
}

/**
 * `body` throttled to `limitRate` bytes per second (`X-Accel-Limit-Rate` or the location's `limitRate`) after its
 * first `limitRateAfter` bytes, or `body` itself without a limit.
 */
export function withThrottle(body: Readable, limitRate: number | undefined, now: Clock | undefined, limitRateAfter = 0): Readable {
  if (limitRate === undefined || !(limitRate > 0)) return body;
  const limiter = createRateLimiter(limitRate, now, limitRateAfter);
  // pipeline destroys both sides when either fails or is destroyed, so a client abort reaches the source.
  return pipeline(body, limiter, () => {});
}
