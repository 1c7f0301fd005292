import { LRUCache } from 'lru-cache';
import type { CacheEntry } from '../cache/signed-url-cache.js';
import type { CarryHeaders } from '../contract/target.js';
import { parseAccelRedirect } from '../header/parse-accel-redirect.js';
import type { Location, LocationTable } from '../routing/location-table.js';
import type { SignedAnswer } from './build-decision.js';
import { plainCacheKey } from './signature-request.js';

/** An `X-Accel-Redirect` value parsed and matched to its location, kept so that hits skip both. */
export interface MatchedRedirect {
  readonly location: Location;
  /** The app headers this location reads into the answer (stream mode always carries Content-Disposition and Cache-Control). */
  readonly carry: CarryHeaders;
  /** The path, percent-decoded once and checked safe. */
  readonly path: string;
  /** What followed the first literal `?`. */
  readonly query: string;
  /** The cache key of the plain case (GET, the location's lifetime, no IP, no overrides), built once. */
  readonly plainKey: string;
  /** The plain case's signed answer: kept here and nowhere else (see AnswerCache). */
  plainEntry: CacheEntry<SignedAnswer> | undefined;
}

/**
 * The `X-Accel-Redirect` values seen lately, parsed and matched: an LRU of `max` values. Only safe values are
 * remembered, so a hit is a value that passed every check before.
 */
export class RouteMemo {
  readonly #routes: LRUCache<string, MatchedRedirect>;
  readonly #table: LocationTable;
  readonly #carry: Map<Location, CarryHeaders>;

  constructor(table: LocationTable, max: number) {
    this.#routes = new LRUCache<string, MatchedRedirect>({ max });
    this.#table = table;
    this.#carry = new Map(table.locations.map((location) => [location, carryOf(location)]));
  }

  /** The value's route. Throws ERR_ACCEL_UNSAFE_PATH or ERR_ACCEL_UNMAPPED (404) for a value with none. */
  match(raw: string): MatchedRedirect {
    const known = this.#routes.get(raw);
    if (known !== undefined) return known;
    const { path, query } = parseAccelRedirect(raw);
    const location = this.#table.match(path);
    const matched: MatchedRedirect = {
      location,
      carry: this.#carry.get(location) as CarryHeaders,
      path,
      query,
      plainKey: plainCacheKey(path, query, location.target.expiresIn),
      plainEntry: undefined,
    };
    this.#routes.set(raw, matched);
    return matched;
  }
}

function carryOf({ target }: Location): CarryHeaders {
  return target.mode === 'stream' ? { contentDisposition: true, cacheControl: true, contentType: target.carry.contentType } : target.carry;
}
