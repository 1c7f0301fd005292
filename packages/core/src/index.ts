export { AccelError, isAccelError } from './errors/accel-error.js';
export type { AccelErrorCode, AccelErrorOptions } from './errors/accel-error.js';
export type { Clock } from './runtime/clock.js';
export type { AccelLogger } from './runtime/logger.js';
export type { MaybePromise } from './contract/maybe-promise.js';
export { encodeObjectKey, joinObjectUrl } from './url/encode-object-key.js';
export type { EncodeObjectKeyOptions } from './url/encode-object-key.js';
export type { Accel } from './contract/accel.js';
export type { AccelDecision, HeaderPairs, PassDecision, RedirectDecision, StreamDecision, StreamHeaderRules } from './contract/decision.js';
export type { AccelRequest, AccelResponseView } from './contract/request.js';
export type { AccelMode, AccelTarget, CarryHeaders, ResponseOverrides, StreamSettings, TargetSignInput, TargetSignResult } from './contract/target.js';
export type { StreamLocationOptions } from './targets/stream-options.js';
export type { StreamResponse, StreamSource, StreamSourceOptions } from './contract/stream-source.js';
export type { AccelCacheOptions } from './cache/signed-url-cache.js';
export type { AccelOptions, RedirectStatusOptions } from './engine/engine-options.js';
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
export { createGoogleCdnSigner } from './google-cdn/create-signer.js';
export { createGoogleCdnVerifier } from './google-cdn/verify.js';
export type {
  GoogleCdnKeyEntry, GoogleCdnKeyInput, GoogleCdnKeyOptions, GoogleCdnKeyRotationOptions, GoogleCdnSignedCookie, GoogleCdnSigner,
  GoogleCdnSignerOptions, GoogleCdnSingleKeyOptions,
} from './google-cdn/types.js';
export type { GoogleCdnRequest, GoogleCdnVerifier, GoogleCdnVerifierOptions, GoogleCdnVerifyFailure, GoogleCdnVerifyResult } from './google-cdn/verify-types.js';
export { createGcsSigner } from './gcs/create-signer.js';
export { createGcsVerifier } from './gcs/verify.js';
export type {
  AsyncGcsSigner, GcsAlgorithm, GcsCommonSignerOptions, GcsExternalSign, GcsExternalSignerOptions, GcsHmacKey, GcsHmacSignerOptions,
  GcsResponseOverrides, GcsServiceAccountSignerOptions, GcsSignedRequest, GcsSigner, GcsSignerBase, GcsSignerOptions, GcsSignRequestInput, GcsSignUrlRequest,
  GcsUrlStyle, ServiceAccountKey, ServiceAccountKeyInput,
} from './gcs/types.js';
export type { GcsVerifier, GcsVerifierOptions, GcsVerifyFailure, GcsVerifyRequest, GcsVerifyResult } from './gcs/verify-types.js';
export { createBunnySigner } from './bunny/create-signer.js';
export { verifyBunnyUrl } from './bunny/verify.js';
export type {
  BunnyObject, BunnySignInput, BunnySigner, BunnySignerOptions, BunnyTokenForm, VerifyBunnyFailure, VerifyBunnyOptions, VerifyBunnyResult,
} from './bunny/types.js';
export { createSecureLinkSigner } from './secure-link/create-signer.js';
export { createSecureLinkVerifier } from './secure-link/verify.js';
export type {
  SecureLinkFailure, SecureLinkOptions, SecureLinkRequest, SecureLinkResult, SecureLinkSignInput, SecureLinkSigner, SecureLinkSignerOptions,
  SecureLinkVerifier,
} from './secure-link/types.js';
export { createAccel } from './engine/create-accel.js';
export { cloudfront } from './targets/cloudfront-target.js';
export type { CloudFrontCookieOptions, CloudFrontLocationOptions, CloudFrontTargetOptions } from './targets/cloudfront-target.js';
export { s3 } from './targets/s3-target.js';
export type { S3TargetOptions } from './targets/s3-target.js';
export type { CarryHeadersOption, CommonTargetOptions } from './targets/common-options.js';
export { googleCdn } from './targets/google-cdn-target.js';
export type { GoogleCdnCookieOptions, GoogleCdnLocationOptions, GoogleCdnTargetOptions } from './targets/google-cdn-target.js';
export { gcs } from './targets/gcs-target.js';
export type { GcsCarryHeadersOption, GcsLocationOptions, GcsTargetOptions } from './targets/gcs-target.js';
export { bunny } from './targets/bunny-target.js';
export type { BunnyTargetOptions } from './targets/bunny-target.js';
export { secureLink } from './targets/secure-link-target.js';
export type { SecureLinkTargetOptions } from './targets/secure-link-target.js';
export { signed } from './targets/signed-target.js';
export type { SignedTargetOptions } from './targets/signed-target.js';
export { isAccelHeader } from './header/accel-header-names.js';
export { stripAccelHeaders } from './header/remove-response-headers.js';
export type { RemovableHeaders } from './header/remove-response-headers.js';
