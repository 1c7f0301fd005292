import type { AccelTarget } from './target.js';

// A registered symbol, so that targets made by another copy of @cdn-accel/core are still recognised.
const TARGET = Symbol.for('cdn-accel.target');

export function brandTarget<T extends AccelTarget>(target: T): T {
  Object.defineProperty(target, TARGET, { value: true });
  return Object.freeze(target);
}

/** True for what `cloudfront()` and `s3()` return. */
export function isAccelTarget(value: unknown): value is AccelTarget {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TARGET] === true;
}
