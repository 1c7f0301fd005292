import type { StreamHeaderRules } from './decision.js';
import type { MaybePromise } from './maybe-promise.js';
import type { StreamSource } from './stream-source.js';

/** What the client gets for a location. `stream` is served by `packages/core/src/stream/`. */
export type AccelMode = 'redirect' | 'cookies' | 'stream';

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

/** A stream location's own limits and headers (`limitRate`, `limitRateAfter`, `expires`, `addHeaders`), validated. */
export interface StreamSettings {
  /** Bytes per second, where the app sends no `X-Accel-Limit-Rate`. */
  readonly limitRate?: number;
  /** Bytes sent before the limit applies. */
  readonly limitRateAfter?: number;
  /** `expires` and `addHeaders`, shared by every stream decision of the location. */
  readonly headers?: StreamHeaderRules;
}

/**
 * A validated, precomputed location target, as `cloudfront()`, `s3()` and the other target factories return it. Treat it as opaque:
 * the fields are read by the engine, and may grow.
 */
export interface AccelTarget {
  /** The provider: which factory made the target (`cloudfront()`, `s3()`, `googleCdn()`, `gcs()`, `bunny()`, `secureLink()`, `files()`, `signed()`). */
  readonly kind: 'cloudfront' | 's3' | 'google-cdn' | 'gcs' | 'bunny' | 'secure-link' | 'files' | 'signed';
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
  /**
   * Where a stream decision's bytes come from when not from fetching its URL over HTTP: the target's own source
   * (`files()` reads them from disk). Carried into each of the location's stream decisions as `source`.
   */
  readonly streamSource?: StreamSource;
  /** Stream mode only: the location's `limitRate`, `limitRateAfter`, `expires` and `addHeaders`, carried into each stream decision. */
  readonly streamSettings?: StreamSettings;
  /**
   * Set when the key after the location's prefix is an absolute URL, `<keyScheme>://<host>/<path>` (GOV.UK's
   * `signed({ form: 'url' })`): the engine then allows the one `//` right after `<prefix><keyScheme>:` in the
   * header value, for this location only, and checks the rest of the path as strictly as any other.
   */
  readonly keyScheme?: 'https' | 'http';
  /** Resolves once `sign` can answer synchronously (S3 credentials). */
  ready(): Promise<void>;
}
