/**
 * FNV-1a over the cache key, reduced to `[0, window)`. Each key gets its own window phase, so the
 * entries of a busy cache reach their window boundary one by one, spread across the window, instead
 * of all at the same second. Deterministic: every replica computes the same phase, hence (with RSA,
 * which signs deterministically) the same URL.
 */
export function windowPhase(key: string, window: number): number {
  return keyHash(key) % window;
}

/** FNV-1a, 32 bits, unsigned. */
export function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Milliseconds (0–999) by which a key's entry goes stale early, so that the keys sharing one phase second do
 * not all expire at the same instant either: re-signing is spread over the second, not bunched at its start.
 * Going stale early is always safe (the URL then still has more than its lifetime to live).
 */
export function staleJitterMs(key: string): number {
  return (keyHash(key) >>> 12) % 1000;
}

/** When one signature expires and until when its cache entry may be served, both in epoch seconds. */
export interface WindowedExpiry {
  /** The signature's expiry: `now + lifetime` rounded up to this key's next window boundary. */
  expiresAt: number;
  /** The last second at which the URL still has at least `lifetime` to live: the entry dies then. */
  staleAt: number;
}

/**
 * Rounds `now + lifetime` up to the key's window grid (`k·window + phase`). Every request inside one
 * window gets the identical expiry, and the URL always has between `lifetime` and `lifetime + window`
 * seconds to live when it is handed out. The stale time is strictly after `now`, so a fresh entry is
 * always cached. `window` 0 or 1 means no rounding (and no reuse).
 */
export function windowedExpiry(nowSeconds: number, lifetime: number, window: number, phase: number): WindowedExpiry {
  if (window <= 1) {
    const expiresAt = Math.ceil(nowSeconds) + lifetime;
    return { expiresAt, staleAt: expiresAt - lifetime };
  }
  const earliest = Math.floor(nowSeconds) + 1 + lifetime;
  const expiresAt = Math.ceil((earliest - phase) / window) * window + phase;
  return { expiresAt, staleAt: expiresAt - lifetime };
}
