import type { AccelDecision } from './decision.js';
import type { MaybePromise } from './maybe-promise.js';
import type { AccelRequest, AccelResponseView } from './request.js';

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
  /** The configured location prefixes, longest first, then the `@name` locations. */
  readonly locations: readonly string[];
  /** True when some location binds signatures to the client IP: adapters only compute `clientIp` then. */
  readonly needsClientIp: boolean;
}
