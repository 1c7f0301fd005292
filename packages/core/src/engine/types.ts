import type { Clock } from '../runtime/clock.js';
import type { AccelLogger } from '../runtime/logger.js';
import type { MaybePromise } from '../runtime/maybe-promise.js';

/** What the client gets for a location. `stream` is served by the stream helper (`packages/core/src/stream/`). */
export type AccelMode = 'redirect' | 'cookies' | 'stream';

/** Header pairs in the order they go on the wire. Names are the canonical spelling (`Location`, `Set-Cookie`). */
export type HeaderPairs = Array<[name: string, value: string]>;

/** The neutral description of the client request that an adapter (or the proxy) hands to the engine. */
export interface AccelRequest {
  /** The client request's method, upper case (`GET`, `HEAD`, `POST`…). */
  method: string;
  /**
   * The client's address as the framework's trusted-proxy rules resolve it (Koa `ctx.ip` with `app.proxy`,
   * Express `req.ip` with `trust proxy`). Only read by locations with `ip: 'client'`. IPv4-mapped IPv6
   * (`::ffff:203.0.113.7`) is accepted as IPv4.
   */
  clientIp?: string;
  /** The client request's headers (lower-case names, as Node gives them). Read by stream mode (Range, If-*). */
  headers?: Record<string, string | string[] | undefined>;
}

/** Read access to the response headers the app set. `getHeader` must be case-insensitive (Node's is). */
export interface AccelResponseView {
  getHeader(name: string): string | string[] | number | undefined;
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
  /** `X-Accel-Limit-Rate`: bytes per second, absent for no limit. */
  limitRate?: number;
  /** `X-Accel-Buffering`: false when the app sent `no`. @default true */
  buffering: boolean;
  /** `X-Accel-Charset`: appended to a textual Content-Type that has no charset. */
  charset?: string;
}

export type AccelDecision = PassDecision | RedirectDecision | StreamDecision;

/** Signed-URL cache settings. `false` turns the cache off (every request signs). */
export interface AccelCacheOptions {
  /** Most signed URLs kept (an LRU bound by entries). @default 10000 */
  max?: number;
  /**
   * Expiries are rounded up to a multiple of this many seconds, so repeated requests for one object get the
   * identical URL. Clamped per location to a fifth of its lifetime. @default 60
   */
  window?: number;
}

/** Status codes for the redirect. */
export interface RedirectStatusOptions {
  /** For GET and HEAD. @default 302 */
  safe?: 301 | 302 | 303 | 307 | 308;
  /** For every other method (a POST that answered with X-Accel-Redirect). @default 303 */
  unsafe?: 302 | 303 | 307 | 308;
}

/** Options of `createAccel`. */
export interface AccelOptions {
  /** Internal path prefix (starts and ends with `/`, like an Nginx `location /protected/`) → target. Longest prefix wins. */
  locations: Record<string, AccelTarget>;
  /** Where refusals and signing failures are reported (with the code, never a secret). @default silentLogger */
  logger?: AccelLogger;
  /** Clock for expiries, ms since the epoch. @default Date.now */
  now?: Clock;
  /** Signed-URL cache; `false` to sign on every request. @default { max: 10000, window: 60 } */
  cache?: AccelCacheOptions | false;
  /** Redirect status codes. @default { safe: 302, unsafe: 303 } */
  redirectStatus?: RedirectStatusOptions;
  /**
   * Signatures that local CloudFront keys make for requests the cache cannot answer (misses, or every request
   * with `cache: false`) are made together, right after the event loop's current I/O callbacks, instead of one
   * per request in between. `decide` then answers such a request with a promise. `false`: each is signed on the
   * spot and `decide` answers synchronously. @default true
   */
  batchSignatures?: boolean;
}

/** The engine that `createAccel` returns. Adapters and the proxy call `decide` once per response. */
export interface Accel {
  /**
   * Looks at the app's response headers and says what the client gets. Synchronous (no promise) when the
   * response has no `X-Accel-Redirect`, when the signed URL is cached, and when the signer is local and is not
   * batched (S3 always, CloudFront keys with `batchSignatures: false`).
   * Throws / rejects an `AccelError` (`ERR_ACCEL_UNMAPPED` 404, `ERR_ACCEL_UNSAFE_PATH` 404,
   * `ERR_ACCEL_SIGNING_FAILED` 500 or 503 when transient, `ERR_ACCEL_CREDENTIALS` 503).
   */
  decide(request: AccelRequest, response: AccelResponseView): MaybePromise<AccelDecision>;
  /** Resolves once every target can sign synchronously (S3 credentials loaded). Optional to await. */
  ready(): Promise<void>;
  /** The configured location prefixes, longest first. */
  readonly locations: readonly string[];
  /** True when some location binds signatures to the client IP: adapters only compute `clientIp` then. */
  readonly needsClientIp: boolean;
}

/** Response headers of the app that a target may sign into the object response (S3 `response-*`). */
export interface ResponseOverrides {
  contentDisposition?: string;
  cacheControl?: string;
  contentType?: string;
}

/** What the engine asks a target to sign, once per cache miss. */
export interface TargetSignInput {
  /** The raw (decoded) object key: the path after the location prefix. The target adds its own prefix or base URL. */
  key: string;
  /** The part after the first literal `?` of the header value, verbatim ('' when none). */
  query: string;
  /** Expiry, seconds since the epoch (already rounded to the cache window). */
  expiresAt: number;
  /** GET, or HEAD for a client HEAD when the target's URLs are method-bound (S3). */
  method: 'GET' | 'HEAD';
  /** IPv4 address to bind the URL to (only for `ip: 'client'` locations). */
  clientIp?: string;
  /** Response header overrides this location carries. */
  overrides?: ResponseOverrides;
  /** The engine's clock at decision time, ms since the epoch (S3 turns `expiresAt` into `X-Amz-Expires` with it). */
  nowMs: number;
}

/** What a target returns: the URL for `Location` (or to stream), plus cookies in cookie mode. */
export interface TargetSignResult {
  url: string;
  /** Full `Set-Cookie` values (cookie mode). */
  setCookie?: readonly string[];
}

/** Which app response headers a location carries into the object response. */
export interface CarryHeaders {
  contentDisposition: boolean;
  cacheControl: boolean;
  contentType: boolean;
}

/**
 * A validated, precomputed location target, as `cloudfront()` and `s3()` return it. Treat it as opaque:
 * the fields are read by the engine, and may grow.
 */
export interface AccelTarget {
  readonly kind: 'cloudfront' | 's3';
  readonly mode: AccelMode;
  /** Maximum lifetime of a signature, seconds. */
  readonly expiresIn: number;
  /** Origin the signed URLs point to (`https://d111.cloudfront.net`), for checks and logs. */
  readonly origin: string;
  /** True when a HEAD needs its own signature (S3). */
  readonly methodBound: boolean;
  /** Which app headers become signed overrides. */
  readonly carry: CarryHeaders;
  /** `Cache-Control` of the redirect itself. Never cacheable longer than the signature. */
  readonly redirectCacheControl: string;
  /** 'client' binds signatures to the client's IPv4 address. */
  readonly ip: 'none' | 'client';
  /** With `ip: 'client'`, what an IPv6 (or missing) client address gets: a 403, or a URL without IP condition. */
  readonly ipv6: 'refuse' | 'unbound';
  /** Signs one object. Sync for local keys, a promise for remote signers and S3 before credentials load. */
  sign(input: TargetSignInput): MaybePromise<TargetSignResult>;
  /**
   * The same signature without holding the event loop (local CloudFront keys sign on libuv's thread pool): used
   * to refresh a cache entry ahead of its stale time. Absent where `sign` is cheap or already asynchronous; where
   * present, the engine also batches the target's synchronous signatures (`batchSignatures`).
   */
  signAhead?(input: TargetSignInput): Promise<TargetSignResult>;
  /** Resolves once `sign` can answer synchronously (S3 credentials). */
  ready(): Promise<void>;
}
