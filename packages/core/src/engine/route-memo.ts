import { LRUCache } from 'lru-cache';
import { boundedLru } from '../cache/entry-size.js';
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
 * so they are remembered with the request's path, in an LRU of their own that clients cannot flush the other from.
 * Both are bounded by an estimate of their memory too.
 */
export class RouteMemo {
  readonly #routes: LRUCache<string, MatchedRedirect>;
  readonly #named: LRUCache<string, MatchedRedirect>;
  readonly #table: LocationTable;
  readonly #carry: Map<Location, CarryHeaders>;
  /** `<prefix><scheme>://` of each location whose keys are URLs (see AccelTarget.keyScheme), and its location. */
  readonly #urlPrefixes: readonly string[];
  readonly #urlLocations: Map<string, Location>;

  constructor(table: LocationTable, max: number) {
    // SECURITY: clients choose the paths remembered here, so both are bounded by the memory they hold as well.
    this.#routes = new LRUCache<string, MatchedRedirect>(boundedLru(max));
    this.#named = new LRUCache<string, MatchedRedirect>(boundedLru(max));
    this.#table = table;
    this.#carry = new Map(table.locations.map((location) => [location, carryOf(location)]));
    this.#urlLocations = new Map(table.locations.filter(({ target }) => target.keyScheme !== undefined).map((location) => [`${location.prefix}${location.target.keyScheme as string}://`, location]));
    this.#urlPrefixes = [...this.#urlLocations.keys()];
  }

  /** The value's route. Throws ERR_ACCEL_UNSAFE_PATH or ERR_ACCEL_UNMAPPED (404) for a value with none. */
  match(raw: string, request: AccelRequest): MatchedRedirect {
    const known = this.#routes.get(raw);
    if (known !== undefined) return known;
    const value = raw.trim();
    if (value.charCodeAt(0) === 0x40) return this.#matchNamed(value, request.url);
    const { path, query, urlPrefix } = parseAccelRedirect(raw, this.#urlPrefixes);
    const location = this.#table.match(path);
    // SECURITY: the `//` was allowed for one location; a longer prefix that also matches (`/x/https:/`) gets no such exception.
    if (urlPrefix !== undefined && location !== this.#urlLocations.get(urlPrefix)) throw unsafePath('empty path segment');
    const matched = this.#route(location, path, path.slice(location.prefix.length), query);
    this.#routes.set(raw, matched);
    return matched;
  }

  /**
   * `@name`: the named location, for the object the client's own request path names. Nginx passes on the original
   * URI with its arguments; here the query is left out (see below).
   */
  #matchNamed(name: string, url: string | undefined): MatchedRedirect {
    const location = this.#table.named(name);
    if (url === undefined) throw unsafePath('no request URL for a named location');
    // SECURITY: the app authorized a path, not the client's parameters: signed into the URL, they could add S3's
    // response-* overrides (an upload served inline as HTML) or anything else the origin honours. The query is
    // dropped, so it is no part of the memo key either.
    const mark = url.indexOf('?');
    const requestPath = mark === -1 ? url : ownCopy(url.slice(0, mark));
    const memoKey = `${name}\u0000${requestPath}`;
    const known = this.#named.get(memoKey);
    if (known !== undefined) return known;
    // SECURITY: the client's path is checked and decoded as strictly as an X-Accel-Redirect path.
    const { path } = parseAccelRedirect(requestPath);
    const matched = this.#route(location, `${name}${path}`, path.slice(1), '');
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

/** A copy of `text` of its own: a slice can share its parent's memory, and the memo must not keep the whole URL. */
function ownCopy(text: string): string {
  return structuredClone(text);
}

function carryOf({ target }: Location): CarryHeaders {
  return target.mode === 'stream' ? { contentDisposition: true, cacheControl: true, contentType: target.carry.contentType } : target.carry;
}
