import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../runtime/clock.js';
import { systemClock } from '../runtime/clock.js';
import { parseAmzDate } from '../sigv4/amz-date.js';
import { canonicalHeaders, canonicalQueryString, type Pair } from '../sigv4/canonical.js';
import { SigningKeyCache } from '../sigv4/signing-key.js';
import { uriEncode } from '../sigv4/uri-encode.js';
import { MAX_EXPIRES_IN } from './options.js';
import { parsePresignedQuery, type PresignedQuery } from './verify-parse.js';

export type S3VerifyErrorCode =
  | 'AccessDenied'
  | 'SignatureDoesNotMatch'
  | 'InvalidAccessKeyId'
  | 'AuthorizationQueryParametersError'
  | 'ExpiredToken'
  | 'InvalidToken'
  | 'InvalidURI';

export type S3VerifyResult =
  | { ok: true; bucket: string; key: string; accessKeyId: string; expiresAt: Date; responseHeaders: Record<string, string> }
  | { ok: false; code: S3VerifyErrorCode; message: string };

export interface VerifyS3PresignedUrlInput {
  method: string;
  /** The URL as received: `/bucket/key?X-Amz-…` (path style) or absolute. */
  url: string;
  /** The `Host` header the request came with (it is signed). AWS virtual-hosted hosts (`bucket.s3.<region>.amazonaws.com`) are recognised. */
  host: string;
  /** The bucket when the request is virtual-hosted on a custom endpoint (`bucket.minio.local`): the whole path is then the key. @default from an AWS host name, else path style */
  bucket?: string;
  /** Secret access key per access key id. */
  secrets: Record<string, string>;
  /** When given, a URL carrying `X-Amz-Security-Token` must carry this token for its access key. */
  sessionTokens?: Record<string, string>;
  /** Other request headers, for URLs that signed more than `host`. */
  headers?: Record<string, string | string[] | undefined>;
  /** Ms since the epoch. @default Date.now */
  now?: Clock;
  /** Refuse credentials scoped to another region. @default any region */
  region?: string;
  /** Accepted clock skew for URLs signed in the future, in seconds. @default 900 (S3's 15 minutes) */
  maxSkew?: number;
}

const keyCache = new SigningKeyCache(256);
// `bucket.s3.amazonaws.com`, `bucket.s3.eu-west-1.amazonaws.com`, `bucket.s3-accelerate.dualstack.amazonaws.com`, `….com.cn`.
const AWS_VIRTUAL_HOST = /^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.s3(?:-accelerate)?(?:\.dualstack)?(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?(?::\d+)?$/;

function awsHostBucket(host: string): string | undefined {
  return AWS_VIRTUAL_HOST.exec(host.toLowerCase())?.[1];
}
const SIGNATURE = /^[0-9a-f]{64}$/;

function fail(code: S3VerifyErrorCode, message: string): S3VerifyResult {
  return { ok: false, code, message };
}

function headerPairs(signed: string[], input: VerifyS3PresignedUrlInput): Pair[] | undefined {
  const pairs: Pair[] = [];
  for (const name of signed) {
    const value = name === 'host' ? input.host : input.headers?.[name];
    if (value === undefined) return undefined;
    for (const item of Array.isArray(value) ? value : [value]) pairs.push([name, item]);
  }
  return pairs;
}

function checkSignature(input: VerifyS3PresignedUrlInput, parsed: PresignedQuery, secret: string): boolean {
  const headers = headerPairs(parsed.signedHeaders, input);
  if (headers === undefined) return false;
  const canonical = canonicalHeaders(headers);
  const keyPath = uriEncode(parsed.key, true);
  const canonicalUri = parsed.virtualHosted ? `/${keyPath}` : `/${uriEncode(parsed.bucket)}/${keyPath}`;
  const canonicalRequest = [input.method.toUpperCase(), canonicalUri, canonicalQueryString(parsed.signedQuery), canonical.text, canonical.signedHeaders, parsed.payloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', parsed.amzDate, parsed.scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\n');
  const key = keyCache.get(secret, parsed.day, parsed.region, 's3');
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  // SECURITY: constant-time comparison, so the signature cannot be guessed byte by byte from timings.
  return timingSafeEqual(expected, Buffer.from(parsed.signature, 'hex'));
}

/**
 * Verifies an S3 presigned URL the way S3 does, answering with S3's error codes: for the local CDN
 * emulator and for tests. Path-style (`/bucket/key`) and virtual-hosted (`bucket.host/key`) URLs.
 */
export function verifyS3PresignedUrl(input: VerifyS3PresignedUrlInput): S3VerifyResult {
  const parsed = parsePresignedQuery(input.url, input.bucket ?? awsHostBucket(input.host));
  if (!parsed.ok) return fail(parsed.code, parsed.message);
  const url = parsed.value;
  if (input.region !== undefined && url.region !== input.region) {
    return fail('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; the region '${url.region}' is wrong; expecting '${input.region}'`);
  }
  const signedAt = parseAmzDate(url.amzDate);
  if (signedAt === undefined || url.amzDate.slice(0, 8) !== url.day) {
    return fail('AuthorizationQueryParametersError', 'X-Amz-Date must be yyyyMMddTHHmmssZ and match the date in X-Amz-Credential');
  }
  if (url.expiresIn > MAX_EXPIRES_IN) {
    return fail('AuthorizationQueryParametersError', `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES_IN}`);
  }
  if (!Object.hasOwn(input.secrets, url.accessKeyId)) {
    return fail('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  const secret = input.secrets[url.accessKeyId] as string;
  // SECURITY: the signature must be 32 hex bytes before it is compared; anything else is a mismatch.
  if (!SIGNATURE.test(url.signature) || !checkSignature(input, url, secret)) {
    return fail('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  const expectedToken = input.sessionTokens?.[url.accessKeyId];
  if (expectedToken !== undefined && url.sessionToken !== expectedToken) {
    return fail('InvalidToken', 'The provided token is malformed or otherwise invalid.');
  }
  const now = (input.now ?? systemClock)();
  // SECURITY: a URL signed in the future would otherwise stay valid for longer than X-Amz-Expires says.
  if (signedAt - (input.maxSkew ?? 900) * 1000 > now) return fail('AccessDenied', 'Request is not valid yet');
  const expiresAt = signedAt + url.expiresIn * 1000;
  if (now > expiresAt) return fail('AccessDenied', 'Request has expired');
  return { ok: true, bucket: url.bucket, key: url.key, accessKeyId: url.accessKeyId, expiresAt: new Date(expiresAt), responseHeaders: url.responseHeaders };
}
