export { AccelError, isAccelError } from './errors/accel-error.js';
export type { AccelErrorCode, AccelErrorOptions } from './errors/accel-error.js';
export type { Clock } from './runtime/clock.js';
export type { AccelLogger } from './runtime/logger.js';
export type { MaybePromise } from './runtime/maybe-promise.js';
export { encodeObjectKey, joinObjectUrl } from './url/encode-object-key.js';
export type { EncodeObjectKeyOptions } from './url/encode-object-key.js';
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
export { createCloudFrontSigner } from './cloudfront/create-signer.js';
export type {
  AsyncCloudFrontSigner, CloudFrontPolicy, CloudFrontSigner, CloudFrontSignerOptions, CommonSignerOptions, CookieAttributes, Expiry,
  ExternalSign, ExternalSignerOptions, HashAlgorithm, KeyRotationSignerOptions, LocalKeySignerOptions, SignedCookies, SigningKeyEntry,
} from './cloudfront/types.js';
export { verifyCloudFrontCookies, verifyCloudFrontUrl } from './cloudfront/verify.js';
export type { VerifyCloudFrontOptions, VerifyFailureReason, VerifyResult } from './cloudfront/verify-types.js';
export type { ParsedPolicy } from './cloudfront/parse-policy.js';
export type { PrivateKeyInput, PublicKeyInput, SigningKeyType } from './keys/key-types.js';
export { createS3Presigner } from './s3/presigner.js';
export type { PresignRequest, S3Presigner, S3PresignerOptions } from './s3/options.js';
export type { ResponseHeaderOverrides } from './s3/response-headers.js';
export { contentDispositionAttachment } from './s3/content-disposition.js';
export { verifyS3PresignedUrl } from './s3/verify.js';
export type { S3VerifyErrorCode, S3VerifyResult, VerifyS3PresignedUrlInput } from './s3/verify.js';
export type { AwsCredentials, CredentialProvider } from './credentials/types.js';
export { defaultCredentialChain } from './credentials/default-chain.js';
export type { DefaultChainOptions } from './credentials/default-chain.js';
export { createAccel } from './engine/create-accel.js';
export { cloudfront } from './targets/cloudfront-target.js';
export type { CloudFrontCookieOptions, CloudFrontLocationOptions, CloudFrontTargetOptions } from './targets/cloudfront-target.js';
export { s3 } from './targets/s3-target.js';
export type { S3TargetOptions } from './targets/s3-target.js';
export type { CarryHeadersOption, CommonTargetOptions } from './targets/common-options.js';
export { isAccelHeader } from './header/accel-header-names.js';
export { stripAccelHeaders } from './header/remove-response-headers.js';
export type { RemovableHeaders } from './header/remove-response-headers.js';
