import { debuglog } from 'node:util';
import { LRUCache } from 'lru-cache';
import { boundedLru } from './entry-size.js';
import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';

const debug = debuglog('cdn-accel:cache');

/** A cached value, the instants (ms since the epoch) at which it should be refreshed and may no longer be served. */
export interface CacheEntry<V> {
  readonly value: V;
  readonly staleAtMs: number;
  readonly refreshAtMs: number;
  /** Set once a refresh has been claimed: one per entry, even when it fails. */
  refreshing: boolean;
  /** The refreshed value, served from `staleAtMs` on. */
  next: CacheEntry<V> | undefined;
}

/** Signed-URL cache settings. `false` turns the cache off (every request signs). */
export interface AccelCacheOptions {
  /**
   * Most entries of each of the two LRUs: the `X-Accel-Redirect` values seen lately, each with the URL of its
   * plain GET, and the other signed URLs (S3's HEAD, IP-bound, with overrides or a shorter `X-Accel-Expires`).
   * @default 10000
   */
  max?: number;
  /**
   * Expiries are rounded up to a multiple of this many seconds, so repeated requests for one object get the
   * identical URL. Clamped per location to a fifth of its lifetime. @default 60
   */
  window?: number;
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
    throw configError('cache', `expected { max?, window? } or false, got ${describeValue(options)}`, 'Pass e.g. { max: 10000, window: 60 }, or false to sign every request');
  }
  const max = options.max ?? DEFAULT_CACHE.max;
  const window = options.window ?? DEFAULT_CACHE.window;
  if (!Number.isInteger(max) || max < 1) throw configError('cache.max', `expected a whole number ≥ 1, got ${describeValue(max)}`, 'Use e.g. 10000');
  if (!Number.isInteger(window) || window < 0) {
    throw configError('cache.window', `expected a whole number of seconds ≥ 0, got ${describeValue(window)}`, 'Use e.g. 60');
  }
  return { max, window };
}

/** A new entry, not yet refreshing and with no successor. */
export function newEntry<V>(value: V, staleAtMs: number, refreshAtMs: number): CacheEntry<V> {
  return { value, staleAtMs, refreshAtMs, refreshing: false, next: undefined };
}

/** The entry to serve at `nowMs`: `entry` until it goes stale, then its successor until that goes stale too. */
export function liveEntry<V>(entry: CacheEntry<V> | undefined, nowMs: number): CacheEntry<V> | undefined {
  if (entry === undefined || nowMs < entry.staleAtMs) return entry;
  const next = entry.next;
  return next !== undefined && nowMs < next.staleAtMs ? next : undefined;
}

/** True once for an entry whose refresh time has come: the caller then refreshes it. */
export function claimRefresh(entry: CacheEntry<unknown>, nowMs: number): boolean {
  if (nowMs < entry.refreshAtMs || entry.refreshing) return false;
  entry.refreshing = true;
  return true;
}

/**
 * The signed-URL cache: an LRU bounded by entries and by their estimated memory, each entry with its own stale time (checked on read
 * against the injected clock, so entries go one by one and nothing sweeps the cache), and one signing
 * in flight per key — concurrent misses share the same promise. An entry can carry its successor, signed
 * ahead of time, which takes its place the moment it goes stale.
 */
export class SignedUrlCache<V extends object> {
  readonly #lru: LRUCache<string, CacheEntry<V>>;
  readonly #inflight = new Map<string, Promise<V>>();

  constructor(max: number) {
    // SECURITY: keys hold paths clients may choose, so the LRU is bounded by the memory its entries hold as well.
    this.#lru = new LRUCache<string, CacheEntry<V>>(boundedLru(max));
  }

  /** The fresh entry for `key` (its successor once it is stale), or undefined. */
  get(key: string, nowMs: number): CacheEntry<V> | undefined {
    const entry = this.#lru.get(key);
    const live = liveEntry(entry, nowMs);
    if (live === entry) return live;
    if (live === undefined) this.#lru.delete(key);
    else this.#lru.set(key, live);
    return live;
  }

  set(key: string, value: V, staleAtMs: number, refreshAtMs: number, nowMs: number): void {
    if (staleAtMs > nowMs) this.#lru.set(key, newEntry(value, staleAtMs, refreshAtMs));
  }

  /**
   * Stores a refresh of `current`: as its successor while it is still the live entry, as the entry itself once
   * `current` has gone, and not at all when another signature has taken its place meanwhile.
   */
  storeSuccessor(key: string, current: CacheEntry<V>, value: V, staleAtMs: number, refreshAtMs: number, nowMs: number): void {
    const live = this.#lru.peek(key);
    if (live === current) current.next = newEntry(value, staleAtMs, refreshAtMs);
    else if (live === undefined) this.set(key, value, staleAtMs, refreshAtMs, nowMs);
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
