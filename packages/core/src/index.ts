export { AccelError, isAccelError, configError } from './errors/accel-error.js';
export type { AccelErrorCode, AccelErrorOptions } from './errors/accel-error.js';
export type { Clock } from './runtime/clock.js';
export { systemClock } from './runtime/clock.js';
export type { AccelLogger } from './runtime/logger.js';
export { silentLogger } from './runtime/logger.js';
export type { MaybePromise } from './runtime/maybe-promise.js';
export { encodeObjectKey, encodeSegment, joinObjectUrl } from './url/encode-object-key.js';
export type {
  Accel,
  AccelCacheOptions,
  AccelDecision,
  AccelMode,
  AccelOptions,
  AccelRequest,
  AccelResponseView,
  AccelTarget,
  CarryHeaders,
  HeaderPairs,
  PassDecision,
  RedirectDecision,
  RedirectStatusOptions,
  ResponseOverrides,
  StreamDecision,
  TargetSignInput,
  TargetSignResult,
} from './engine/types.js';
export { fetchStream } from './stream/fetch-stream.js';
export type { FetchStreamOptions, StreamResponse } from './stream/fetch-stream.js';
export { createRateLimiter } from './stream/rate-limit.js';
