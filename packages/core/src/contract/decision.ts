import type { StreamSource } from './stream-source.js';

/** Header pairs in the order they go on the wire. Names are the canonical spelling (`Location`, `Set-Cookie`). */
export type HeaderPairs = Array<[name: string, value: string]>;

/**
 * A location's own answer headers, validated at startup: Nginx's `expires` and `add_header`. Each added header is
 * `[name, value, always]`; without `always` it is added only to 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308.
 */
export interface StreamHeaderRules {
  /** Seconds from now (negative: `no-cache`), `'epoch'` or `'max'`, as Nginx's `expires`. */
  readonly expires?: number | 'epoch' | 'max';
  /** The headers to add, in order: `[name, value, always]`; an empty value adds nothing (ETag and Last-Modified: removes the object's). */
  readonly add: ReadonlyArray<readonly [name: string, value: string, always: boolean]>;
}

/** No `X-Accel-Redirect`: send the app's response as it is (after stripping `X-Accel-*` & co.). */
export interface PassDecision {
  kind: 'pass';
}

/**
 * Replace the app's response: discard its status and body, remove every header it set except
 * `Set-Cookie`, then write `status`, `headers` and an empty body.
 */
export interface RedirectDecision {
  kind: 'redirect';
  /** 302 for GET/HEAD, 303 for other methods unless configured (`redirectStatus`). */
  status: number;
  /** `Location`, `Cache-Control`, and in cookie mode the signed cookies' `Set-Cookie` lines (append, do not replace the app's). */
  headers: HeaderPairs;
}

/** Fetch `url` server-side and stream it to the client, the way Nginx serves an internal location. */
export interface StreamDecision {
  kind: 'stream';
  /** The signed object URL (on the configured host) to fetch. */
  url: string;
  /** The method to fetch with: HEAD for a client HEAD, GET otherwise. */
  method: 'GET' | 'HEAD';
  /** Client request headers to pass on to the CDN (Range, If-Range, If-None-Match, If-Modified-Since…). */
  forwardHeaders: HeaderPairs;
  /** App response headers that win over the CDN's on the way back (Content-Disposition, Cache-Control, Set-Cookie…). */
  overrideHeaders: HeaderPairs;
  /**
   * App response headers sent only where the object has none of that name: the app's Content-Type where the
   * location does not carry it, as Nginx's proxied internal location keeps it unless the origin sends its own.
   */
  fallbackHeaders?: HeaderPairs;
  /**
   * Bytes per second, absent for no limit: the app's `X-Accel-Limit-Rate` (its `0` lifts the limit), else the
   * location's `limitRate`, as in Nginx.
   */
  limitRate?: number;
  /** The location's `limitRateAfter`: bytes sent at full speed before `limitRate` applies. */
  limitRateAfter?: number;
  /** The location's `expires` and `addHeaders`, applied to the answer once its status is known (shared: read-only). */
  headerRules?: StreamHeaderRules;
  /** `X-Accel-Buffering`: false when the app sent `no`. @default true */
  buffering: boolean;
  /** `X-Accel-Charset`: appended to a textual Content-Type that has no charset. */
  charset?: string;
  /** The location target's own source of the bytes (`files()`), opened in place of fetching `url`. */
  source?: StreamSource;
}

export type AccelDecision = PassDecision | RedirectDecision | StreamDecision;
