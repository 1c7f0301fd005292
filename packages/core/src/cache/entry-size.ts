/** The bytes an LRU entry may hold on average: short keys are bounded by `max`, long ones by the total. */
export const ENTRY_BUDGET_BYTES = 3072;
/** The bytes an entry holds besides its key: the route or cache entry, its signed answer and the signature. */
const ENTRY_BASE_BYTES = 2048;
/** How many times an entry holds its key, about: the key, the plain cache key, the signed URL or its successor, a cookie's policy. */
const KEY_COPIES = 4;

/** lru-cache options for at most `max` entries. */
export interface BoundedLru {
  max: number;
  maxSize: number;
  sizeCalculation: (value: unknown, key: string) => number;
}

/**
 * Options that bound an LRU by `max` entries and by an estimate of the memory they hold, which grows with the key:
 * clients choose the paths (an `@name` location's, or one the app copies into its `X-Accel-Redirect` values), and
 * `max` entries of the longest one accepted would hold several times `max` × the budget.
 */
export function boundedLru(max: number): BoundedLru {
  return { max, maxSize: max * ENTRY_BUDGET_BYTES, sizeCalculation: entrySize };
}

function entrySize(_value: unknown, key: string): number {
  return ENTRY_BASE_BYTES + KEY_COPIES * key.length;
}
