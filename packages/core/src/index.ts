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
export { createCloudFrontSigner } from './cloudfront/create-signer.js';
export type {
  AsyncCloudFrontSigner, CloudFrontPolicy, CloudFrontSigner, CloudFrontSignerOptions, CookieAttributes, Expiry,
  ExternalSign, ExternalSignerOptions, HashAlgorithm, KeyRotationSignerOptions, LocalKeySignerOptions, SignedCookies, SigningKeyEntry,
} from './cloudfront/types.js';
export { verifyCloudFrontCookies, verifyCloudFrontUrl } from './cloudfront/verify.js';
export type { VerifyCloudFrontOptions, VerifyFailureReason, VerifyResult } from './cloudfront/verify-types.js';
export type { ParsedPolicy } from './cloudfront/parse-policy.js';
export { fromAwsBase64, toAwsBase64 } from './cloudfront/aws-base64.js';
export { matchesWildcard } from './cloudfront/wildcard.js';
export { parseIpv4Range, ipv4RangeContains } from './cloudfront/ip-range.js';
export type { Ipv4Range } from './cloudfront/ip-range.js';
export { loadPrivateKey } from './keys/load-private-key.js';
export { loadPublicKey } from './keys/load-public-key.js';
export type { LoadPrivateKeyOptions, LoadedPrivateKey, PrivateKeyInput, PublicKeyInput, SigningKeyType } from './keys/key-types.js';
export { MAX_EPOCH_SECONDS, toEpochSeconds } from './time/epoch-seconds.js';
export { parseCliTime } from './time/parse-cli-time.js';
export { resolveValidity } from './time/resolve-validity.js';
export { createS3Presigner } from './s3/presigner.js';
export type { PresignRequest, S3Presigner, S3PresignerOptions } from './s3/options.js';
export type { ResponseHeaderOverrides } from './s3/response-headers.js';
export { contentDispositionAttachment } from './s3/content-disposition.js';
export { verifyS3PresignedUrl } from './s3/verify.js';
export type { S3VerifyErrorCode, S3VerifyResult, VerifyS3PresignedUrlInput } from './s3/verify.js';
export type { AwsCredentials, CredentialProvider } from './credentials/types.js';
export { defaultCredentialChain } from './credentials/default-chain.js';
export type { DefaultChainOptions } from './credentials/default-chain.js';
export type { EncodeObjectKeyOptions } from './url/encode-object-key.js';
export { createAccel } from './engine/create-accel.js';
export { cloudfront } from './targets/cloudfront-target.js';
export type { CloudFrontCookieOptions, CloudFrontLocationOptions, CloudFrontTargetOptions } from './targets/cloudfront-target.js';
export { s3 } from './targets/s3-target.js';
export type { S3TargetOptions } from './targets/s3-target.js';
export type { CarryHeadersOption, CommonTargetOptions } from './targets/common-options.js';
export { isAccelTarget } from './targets/target-brand.js';
export { isAccelHeader } from './header/accel-header-names.js';
export { removeResponseHeaders, stripAccelHeaders } from './header/remove-response-headers.js';
export type { RemovableHeaders } from './header/remove-response-headers.js';
export { parseAccelRedirect } from './header/parse-accel-redirect.js';
export type { ParsedRedirect } from './header/parse-accel-redirect.js';
