// @cdn-accel/core/internal: what cdn-accel's own packages (the adapters, the proxy and its CLI) share with the
// core. Not public API: it follows those packages and may change in any release. Users import '@cdn-accel/core'.
export { configError } from './errors/accel-error.js';
export { describeValue } from './errors/describe-value.js';
export { systemClock } from './runtime/clock.js';
export { silentLogger } from './runtime/logger.js';
export { fetchStream } from './stream/fetch-stream.js';
export type { FetchStreamOptions, StreamResponse } from './stream/fetch-stream.js';
export { fromAwsBase64 } from './cloudfront/aws-base64.js';
export { loadPrivateKey } from './keys/load-private-key.js';
export { loadPublicKey } from './keys/load-public-key.js';
export type { LoadedPublicKey } from './keys/load-public-key.js';
export type { LoadedPrivateKey, LoadPrivateKeyOptions } from './keys/key-types.js';
export { parseCliTime } from './time/parse-cli-time.js';
export { removeResponseHeaders } from './header/remove-response-headers.js';
export { setResponseHeaders } from './header/set-response-headers.js';
export type { SettableHeaders } from './header/set-response-headers.js';
export { openStreamAnswer, sendStreamAnswer } from './stream/send-stream.js';
export type { ResponseWriter, SendStreamOptions, StreamAnswerResponse } from './stream/send-stream.js';
export { isPromiseLike } from './runtime/maybe-promise.js';
export { toAccel } from './engine/to-accel.js';
export { loadGoogleCdnKey } from './google-cdn/load-key.js';
export { loadServiceAccountKey } from './gcs/service-account.js';
export type { LoadedServiceAccount } from './gcs/service-account.js';
export { loadHmacKey } from './gcs/hmac-key.js';
export { parseSecureLinkMd5 } from './secure-link/expression.js';
export type { SecureLinkExpression } from './secure-link/expression.js';
