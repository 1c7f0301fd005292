import { liveEntry, newEntry, SignedUrlCache, type CacheEntry } from '../cache/signed-url-cache.js';
import type { SignedAnswer } from './build-decision.js';
import type { SignatureRequest } from './signature-request.js';

/**
 * Where the engine keeps signed answers. The plain case of each `X-Accel-Redirect` value (nearly every request)
 * lives in its route, which the route memo's LRU orders by the requests that use it; every other case lives in
 * the signed-URL LRU under its full key. Each entry is in one LRU only, and every hit touches the LRU that
 * holds it, so each LRU lets go of what was used least lately; a hot hit reads its route and nothing else.
 */
export class AnswerCache {
  readonly #others: SignedUrlCache<SignedAnswer>;

  constructor(max: number) {
    this.#others = new SignedUrlCache<SignedAnswer>(max);
  }

  /** The fresh entry for `wanted` (its successor once it is stale), or undefined. */
  find(wanted: SignatureRequest, nowMs: number): CacheEntry<SignedAnswer> | undefined {
    if (!wanted.plain) return this.#others.get(wanted.key, nowMs);
    const { route } = wanted;
    const entry = route.plainEntry;
    if (entry === undefined || nowMs < entry.staleAtMs) return entry;
    return (route.plainEntry = liveEntry(entry, nowMs));
  }

  store(wanted: SignatureRequest, answer: SignedAnswer, staleAtMs: number, refreshAtMs: number, nowMs: number): void {
    if (!wanted.plain) this.#others.set(wanted.key, answer, staleAtMs, refreshAtMs, nowMs);
    else if (staleAtMs > nowMs) wanted.route.plainEntry = newEntry(answer, staleAtMs, refreshAtMs);
  }

  /**
   * Stores a refresh of `current`: as its successor while it is still the live entry, as the entry itself once
   * `current` has gone, and not at all when another signature has taken its place meanwhile.
   */
  storeSuccessor(wanted: SignatureRequest, current: CacheEntry<SignedAnswer>, answer: SignedAnswer, staleAtMs: number, refreshAtMs: number, nowMs: number): void {
    if (!wanted.plain) {
      this.#others.storeSuccessor(wanted.key, current, answer, staleAtMs, refreshAtMs, nowMs);
      return;
    }
    const live = wanted.route.plainEntry;
    if (live === current) current.next = newEntry(answer, staleAtMs, refreshAtMs);
    else if (live === undefined) this.store(wanted, answer, staleAtMs, refreshAtMs, nowMs);
  }

  /** The signature already under way for `wanted`'s key, if any. */
  pending(wanted: SignatureRequest): Promise<SignedAnswer> | undefined {
    return this.#others.pending(wanted.key);
  }

  /** Registers a signature under way so that concurrent misses wait for it. */
  track(wanted: SignatureRequest, answer: Promise<SignedAnswer>): Promise<SignedAnswer> {
    return this.#others.track(wanted.key, answer);
  }
}
