/**
 * FNV-1a over the cache key, reduced to `[0, window)`. Each key gets its own window phase, so the
 * entries of a busy cache reach their window boundary one by one, spread across the window, instead
 * of all at the same second. Deterministic: every replica computes the same phase, hence (with RSA,
 * which signs deterministically) the same URL.
 */
export function windowPhase(key: string, window: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % window;
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
 * seconds to live when it is handed out. `window` 0 means no rounding (and no reuse).
 */
export function windowedExpiry(nowSeconds: number, lifetime: number, window: number, phase: number): WindowedExpiry {
  const earliest = Math.ceil(nowSeconds) + lifetime;
  if (window <= 1) return { expiresAt: earliest, staleAt: earliest - lifetime };
  const expiresAt = Math.ceil((earliest - phase) / window) * window + phase;
  return { expiresAt, staleAt: expiresAt - lifetime };
}
