import { createHash, createHmac } from 'node:crypto';
import { debuglog } from 'node:util';
import { createCredentialSource } from '../credentials/credential-source.js';
import type { AwsCredentials } from '../credentials/types.js';
import { AccelError, configError } from '../errors/accel-error.js';
import { systemClock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import { createAmzDateFormatter } from '../sigv4/amz-date.js';
import { deriveSigningKey } from '../sigv4/signing-key.js';
import { uriEncode } from '../sigv4/uri-encode.js';
import { encodeObjectKey } from '../url/encode-object-key.js';
import { assertBucketName } from './bucket-name.js';
import { createBucketAddresser, type BucketAddress } from './endpoint.js';
import { assertDefaultExpiresIn, resolveExpiresIn, type ExpiryPolicy } from './expiry.js';
import { DEFAULT_EXPIRES_IN, type PresignRequest, type S3Presigner, type S3PresignerOptions } from './options.js';
import { responseOverridesQuery } from './response-headers.js';

const debug = debuglog('cdn-accel:s3');
const MAX_CACHED_BUCKETS = 1024;
const MAX_KEY_BYTES = 1024;

/** What depends only on the credentials: recomputed when they are refreshed, not per URL. */
interface CredentialParts { source: AwsCredentials; credentialPrefix: string; tokenParam: string; day: string; signingKey: Buffer }

function invalid(message: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', message, { status: 400 });
}

function validateOptions(options: S3PresignerOptions): void {
  if (options === null || typeof options !== 'object') throw configError('options', 'missing', 'Pass { region, … }');
  assertDefaultExpiresIn(options.expiresIn ?? DEFAULT_EXPIRES_IN);
  for (const field of ['credentialExpiryMargin', 'refreshBefore'] as const) {
    const value = options[field];
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw configError(field, `${String(value)} is not a number of seconds ≥ 0`, 'Pass seconds, e.g. 60');
    }
  }
  if (options.onCredentialExpiry !== undefined && options.onCredentialExpiry !== 'clamp' && options.onCredentialExpiry !== 'throw') {
    throw configError('onCredentialExpiry', `"${String(options.onCredentialExpiry)}" is not allowed`, 'Use "clamp" or "throw"');
  }
}

/**
 * S3 presigned GET/HEAD URLs (SigV4 query signing, `UNSIGNED-PAYLOAD`, `host` the only signed header).
 * Options are checked and everything constant is precomputed here; a presign is then two hashes,
 * with the signing key derived once per day and credentials.
 */
export function createS3Presigner(options: S3PresignerOptions): S3Presigner {
  validateOptions(options);
  const now = options.now ?? systemClock;
  const region = options.region;
  const addressBucket = createBucketAddresser({
    region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle === true,
    useDualstackEndpoint: options.useDualstackEndpoint === true,
    useAccelerateEndpoint: options.useAccelerateEndpoint === true,
  });
  const defaultExpiresIn = options.expiresIn ?? DEFAULT_EXPIRES_IN;
  const policy: ExpiryPolicy = { onCredentialExpiry: options.onCredentialExpiry ?? 'clamp', marginMs: (options.credentialExpiryMargin ?? 60) * 1000 };
  const source = createCredentialSource({
    credentials: options.credentials,
    profile: options.profile,
    now,
    logger: options.logger ?? silentLogger,
    refreshBeforeMs: (options.refreshBefore ?? 300) * 1000,
  });
  const scopeTail = `/${region}/s3/aws4_request`;
  const encodedScopeTail = `%2F${region}%2Fs3%2Faws4_request`;
  const formatDate = createAmzDateFormatter();
  const buckets = new Map<string, BucketAddress>();
  let parts: CredentialParts | undefined;

  function partsFor(credentials: AwsCredentials, day: string): CredentialParts {
    if (parts !== undefined && parts.source === credentials && parts.day === day) return parts;
    debug('deriving the signing key for %s on %s', credentials.accessKeyId, day);
    parts = {
      source: credentials,
      credentialPrefix: `${uriEncode(credentials.accessKeyId)}%2F`,
      tokenParam: credentials.sessionToken === undefined ? '' : `&X-Amz-Security-Token=${uriEncode(credentials.sessionToken)}`,
      day,
      signingKey: deriveSigningKey(credentials.secretAccessKey, day, region, 's3'),
    };
    return parts;
  }

  function address(bucket: string): BucketAddress {
    let found = buckets.get(bucket);
    if (found === undefined) {
      assertBucketName(bucket);
      found = addressBucket(bucket);
      if (buckets.size >= MAX_CACHED_BUCKETS) buckets.clear();
      buckets.set(bucket, found);
    }
    return found;
  }

  function encodeKey(key: unknown): string {
    // SECURITY: an empty key would presign the bucket itself (a listing), not an object.
    if (typeof key !== 'string' || key === '') throw invalid('key must be a non-empty string');
    if (key.length > MAX_KEY_BYTES / 3 && Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw invalid(`key is longer than S3's ${MAX_KEY_BYTES} bytes`);
    // SECURITY: dot segments (also %2e forms) are refused; browsers would resolve them to another object.
    return encodeObjectKey(key, { refuseEncodedDots: true });
  }

  function signingTimeOf(request: PresignRequest): number {
    if (request.signingDate === undefined) return now();
    const time = request.signingDate instanceof Date ? request.signingDate.getTime() : Number.NaN;
    if (!Number.isFinite(time)) throw invalid('signingDate must be a valid Date');
    return time;
  }

  function presignWith(credentials: AwsCredentials, request: PresignRequest): string {
    if (request === null || typeof request !== 'object') throw invalid('presign() needs { bucket, key }');
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') throw invalid(`method must be GET or HEAD, not ${String(method)}`);
    const target = address(request.bucket);
    const canonicalUri = `${target.pathPrefix}/${encodeKey(request.key)}`;
    const signingTime = signingTimeOf(request);
    const expiresIn = resolveExpiresIn(request.expiresIn ?? defaultExpiresIn, signingTime, credentials, policy);
    const amzDate = formatDate(signingTime);
    const day = amzDate.slice(0, 8);
    const signing = partsFor(credentials, day);
    const query =
      `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${signing.credentialPrefix}${day}${encodedScopeTail}` +
      `&X-Amz-Date=${amzDate}&X-Amz-Expires=${expiresIn}${signing.tokenParam}&X-Amz-SignedHeaders=host` +
      responseOverridesQuery(request.responseHeaders);
    const canonicalRequest = `${method}\n${canonicalUri}\n${query}\nhost:${target.host}\n\nhost\nUNSIGNED-PAYLOAD`;
    const hashed = createHash('sha256').update(canonicalRequest, 'utf8').digest('hex');
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${day}${scopeTail}\n${hashed}`;
    const signature = createHmac('sha256', signing.signingKey).update(stringToSign, 'utf8').digest('hex');
    return `${target.origin}${canonicalUri}?${query}&X-Amz-Signature=${signature}`;
  }

  return {
    ready: () => source.ready(),
    presignSync(request) {
      const credentials = source.current();
      if (credentials === undefined) {
        throw new AccelError('ERR_ACCEL_CREDENTIALS', 'AWS credentials are not loaded yet (await presigner.ready() first) or have expired', { status: 500 });
      }
      return presignWith(credentials, request);
    },
    async presign(request) {
      const credentials = source.current() ?? (await source.get());
      return presignWith(credentials, request);
    },
    close: () => source.close(),
  };
}
