import { debuglog } from 'node:util';
import { LRUCache } from 'lru-cache';
import type { AccelCacheOptions } from '../engine/types.js';
import { configError } from '../errors/accel-error.js';

const debug = debuglog('cdn-accel:cache');

/** A cached value with the instant (ms since the epoch) after which it may no longer be served. */
interface Entry<V> {
  value: V;
  staleAtMs: number;
}

/** Resolved cache settings. */
export interface CacheSettings {
  max: number;
  window: number;
}

export const DEFAULT_CACHE: CacheSettings = { max: 10_000, window: 60 };

/** Validates the `cache` option of `createAccel`; `false` → null. */
export function resolveCacheOptions(options: AccelCacheOptions | false | undefined): CacheSettings | null {
  if (options === false) return null;
  if (options === undefined) return DEFAULT_CACHE;
  if (typeof options !== 'object' || options === null) {
    throw configError('cache', 'expected { max?, window? } or false', 'Pass e.g. { max: 10000, window: 60 }, or false to sign every request');
  }
  const max = options.max ?? DEFAULT_CACHE.max;
  const window = options.window ?? DEFAULT_CACHE.window;
  if (!Number.isInteger(max) || max < 1) throw configError('cache.max', `expected a positive integer, got ${String(max)}`, 'Use e.g. 10000');
  if (!Number.isInteger(window) || window < 0) {
    throw configError('cache.window', `expected a whole number of seconds ≥ 0, got ${String(window)}`, 'Use e.g. 60');
  }
  return { max, window };
}

/**
 * The signed-URL cache: an LRU bounded by entries, each entry with its own stale time (checked on read
 * against the injected clock, so entries go one by one and nothing sweeps the cache), and one signing
 * in flight per key — concurrent misses share the same promise.
 */
export class SignedUrlCache<V extends object> {
  readonly #lru: LRUCache<string, Entry<V>>;
  readonly #inflight = new Map<string, Promise<V>>();

  constructor(max: number) {
    this.#lru = new LRUCache<string, Entry<V>>({ max });
  }

  /** The fresh value for `key`, or undefined. */
  get(key: string, nowMs: number): V | undefined {
    const entry = this.#lru.get(key);
    if (entry === undefined) return undefined;
    if (nowMs < entry.staleAtMs) return entry.value;
    this.#lru.delete(key);
    return undefined;
  }

  set(key: string, value: V, staleAtMs: number, nowMs: number): void {
    if (staleAtMs > nowMs) this.#lru.set(key, { value, staleAtMs });
  }

  /** The signing already under way for `key`, if any. */
  pending(key: string): Promise<V> | undefined {
    return this.#inflight.get(key);
  }

  /** Registers an async signing so that concurrent misses wait for it; removed when it settles. */
  track(key: string, promise: Promise<V>): Promise<V> {
    this.#inflight.set(key, promise);
    const done = (): void => {
      this.#inflight.delete(key);
    };
    promise.then(done, done);
    debug('signing in flight: %d', this.#inflight.size);
    return promise;
  }

  get size(): number {
    return this.#lru.size;
  }
}
