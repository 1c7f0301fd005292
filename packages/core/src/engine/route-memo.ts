import { LRUCache } from 'lru-cache';
import type { CacheEntry } from '../cache/signed-url-cache.js';
import type { AccelRequest } from '../contract/request.js';
import type { CarryHeaders } from '../contract/target.js';
import { unsafePath } from '../errors/unsafe-path.js';
import { parseAccelRedirect } from '../header/parse-accel-redirect.js';
import type { Location, LocationTable } from '../routing/location-table.js';
import type { SignedAnswer } from './build-decision.js';
import { plainCacheKey } from './signature-request.js';

/** An `X-Accel-Redirect` value parsed and matched to its location, kept so that hits skip both. */
export interface MatchedRedirect {
  readonly location: Location;
  /** The app headers this location reads into the answer (stream mode always carries Content-Disposition and Cache-Control). */
  readonly carry: CarryHeaders;
  /** The path, percent-decoded once and checked safe; for a named location, its name and then the client's path. */
  readonly path: string;
  /** The object key: the path after the location's prefix; for a named location, the client's path without its leading `/`. */
  readonly key: string;
  /** What followed the first literal `?`. */
  readonly query: string;
  /** The cache key of the plain case (GET, the location's lifetime, no IP, no overrides), built once. */
  readonly plainKey: string;
  /** The plain case's signed answer: kept here and nowhere else (see AnswerCache). */
  plainEntry: CacheEntry<SignedAnswer> | undefined;
}

/**
 * The `X-Accel-Redirect` values seen lately, parsed and matched: an LRU of `max` values. Only safe values are
 * remembered, so a hit is a value that passed every check before. `@name` values name what the client asked for,
 * so they are remembered with the request's URL, in an LRU of their own that clients cannot flush the other from.
 */
export class RouteMemo {
  readonly #routes: LRUCache<string, MatchedRedirect>;
  readonly #named: LRUCache<string, MatchedRedirect>;
  readonly #table: LocationTable;
  readonly #carry: Map<Location, CarryHeaders>;

  constructor(table: LocationTable, max: number) {
    this.#routes = new LRUCache<string, MatchedRedirect>({ max });
    this.#named = new LRUCache<string, MatchedRedirect>({ max });
    this.#table = table;
    this.#carry = new Map(table.locations.map((location) => [location, carryOf(location)]));
  }

  /** The value's route. Throws ERR_ACCEL_UNSAFE_PATH or ERR_ACCEL_UNMAPPED (404) for a value with none. */
  match(raw: string, request: AccelRequest): MatchedRedirect {
    const known = this.#routes.get(raw);
    if (known !== undefined) return known;
    const value = raw.trim();
    if (value.charCodeAt(0) === 0x40) return this.#matchNamed(value, request.url);
    const { path, query } = parseAccelRedirect(raw);
    const location = this.#table.match(path);
    const matched = this.#route(location, path, path.slice(location.prefix.length), query);
    this.#routes.set(raw, matched);
    return matched;
  }

  /** `@name`: the named location, for the object the client's own request names (Nginx passes on the original URI). */
  #matchNamed(name: string, url: string | undefined): MatchedRedirect {
    const location = this.#table.named(name);
    if (url === undefined) throw unsafePath('no request URL for a named location');
    const memoKey = `${name}\u0000${url}`;
    const known = this.#named.get(memoKey);
    if (known !== undefined) return known;
    // SECURITY: the client's path is checked and decoded as strictly as an X-Accel-Redirect path.
    const { path, query } = parseAccelRedirect(url);
    const matched = this.#route(location, `${name}${path}`, path.slice(1), query);
    this.#named.set(memoKey, matched);
    return matched;
  }

  #route(location: Location, path: string, key: string, query: string): MatchedRedirect {
    return {
      location,
      carry: this.#carry.get(location) as CarryHeaders,
      path,
      key,
      query,
      plainKey: plainCacheKey(path, query, location.target.expiresIn),
      plainEntry: undefined,
    };
  }
}

function carryOf({ target }: Location): CarryHeaders {
  return target.mode === 'stream' ? { contentDisposition: true, cacheControl: true, contentType: target.carry.contentType } : target.carry;
}
