import { verifyS3PresignedUrl, type Clock, type S3VerifyErrorCode } from '@cdn-accel/core';
import type { Authorization } from './authorize.js';
import type { RequestFacts } from './request-facts.js';
import { overridesFromQuery } from './response-overrides.js';

/** SigV4 query authentication is recognised by its algorithm, credential or signature parameter, as S3 does. */
export function isS3Presigned(query: URLSearchParams): boolean {
  return query.has('X-Amz-Algorithm') || query.has('X-Amz-Signature') || query.has('X-Amz-Credential');
}

/** The HTTP status S3 answers each verifier code with. */
const S3_STATUS: Record<S3VerifyErrorCode, number> = {
  AccessDenied: 403,
  SignatureDoesNotMatch: 403,
  InvalidAccessKeyId: 403,
  AuthorizationQueryParametersError: 400,
  ExpiredToken: 400,
  InvalidToken: 400,
  InvalidURI: 400,
};

/**
 * Checks an S3 presigned URL (path style, `/bucket/key`) with the core's verifier: signature, access key,
 * expiry and the method it was signed for (a URL signed for HEAD does not GET).
 */
export function authorizeS3(facts: RequestFacts, secrets: Readonly<Record<string, string>>, now: Clock): Authorization {
  const verdict = verifyS3PresignedUrl({ method: facts.method, url: facts.target, host: facts.host, secrets: secrets as Record<string, string>, now });
  if (!verdict.ok) {
    return { ok: false, refusal: { status: S3_STATUS[verdict.code], code: verdict.code, message: verdict.message }, reason: `${verdict.code}: ${verdict.message}` };
  }
  // The response-* parameters are part of the signed query, so they are the signer's choice.
  return { ok: true, scheme: 's3-presigned', overrides: overridesFromQuery(facts.query) };
}
