import { hash } from 'node:crypto';
import { createCredentialSource } from '../credentials/credential-source.js';
import type { AwsCredentials } from '../credentials/types.js';
import { AccelError } from '../errors/accel-error.js';
import { systemClock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import { createAmzDateFormatter } from '../sigv4/amz-date.js';
import { createBucketCache } from './bucket-cache.js';
import { createBucketAddresser } from './endpoint.js';
import { resolveExpiresIn, type ExpiryPolicy } from './expiry.js';
import { DEFAULT_EXPIRES_IN, type PresignRequest, type S3Presigner, type S3PresignerOptions } from './options.js';
import { assertRequest, encodeKey, methodOf, signingTimeOf } from './presign-input.js';
import { responseOverridesQuery } from './response-headers.js';
import { createSigningParts } from './signing-parts.js';
import { validatePresignerOptions } from './validate-options.js';

type Sign = (credentials: AwsCredentials, request: PresignRequest) => string;

/**
 * The fast path: the canonical query string is built already sorted and is the URL's query string,
 * so a presign is one string template, one SHA-256 and one HMAC under the day's signing key, prepared once.
 */
function createUrlSigner(options: S3PresignerOptions): Sign {
  const { region } = options;
  const now = options.now ?? systemClock;
  const address = createBucketCache(createBucketAddresser({
    region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle === true,
    useDualstackEndpoint: options.useDualstackEndpoint === true,
    useAccelerateEndpoint: options.useAccelerateEndpoint === true,
  }));
  const defaultExpiresIn = options.expiresIn ?? DEFAULT_EXPIRES_IN;
  const policy: ExpiryPolicy = { onCredentialExpiry: options.onCredentialExpiry ?? 'clamp', marginMs: (options.credentialExpiryMargin ?? 60) * 1000 };
  const partsFor = createSigningParts(region);
  const formatDate = createAmzDateFormatter();
  const scopeTail = `/${region}/s3/aws4_request`;
  const encodedScopeTail = `%2F${region}%2Fs3%2Faws4_request`;

  return (credentials, request) => {
    assertRequest(request);
    const method = methodOf(request);
    const target = address(request.bucket);
    const canonicalUri = `${target.pathPrefix}/${encodeKey(request.key)}`;
    const signingTime = signingTimeOf(request, now);
    const expiresIn = resolveExpiresIn(request.expiresIn ?? defaultExpiresIn, signingTime, credentials, policy);
    const amzDate = formatDate(signingTime);
    const day = amzDate.slice(0, 8);
    const parts = partsFor(credentials, day);
    const query =
      `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${parts.credentialPrefix}${day}${encodedScopeTail}` +
      `&X-Amz-Date=${amzDate}&X-Amz-Expires=${expiresIn}${parts.tokenParam}&X-Amz-SignedHeaders=host` +
      responseOverridesQuery(request.responseHeaders);
    const canonicalRequest = `${method}\n${canonicalUri}\n${query}\nhost:${target.host}\n\nhost\nUNSIGNED-PAYLOAD`;
    const hashed = hash('sha256', canonicalRequest, 'hex');
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${day}${scopeTail}\n${hashed}`;
    const signature = parts.sign(stringToSign, 'hex');
    return `${target.origin}${canonicalUri}?${query}&X-Amz-Signature=${signature}`;
  };
}

/**
 * S3 presigned GET/HEAD URLs (SigV4 query signing, `UNSIGNED-PAYLOAD`, `host` the only signed header).
 * Options are checked and everything constant is precomputed here; credentials start loading at once
 * and are refreshed in the background, so a presign never waits on the network once they are in.
 */
export function createS3Presigner(options: S3PresignerOptions): S3Presigner {
  validatePresignerOptions(options);
  const sign = createUrlSigner(options);
  const source = createCredentialSource({
    credentials: options.credentials,
    profile: options.profile,
    now: options.now ?? systemClock,
    logger: options.logger ?? silentLogger,
    refreshBeforeMs: (options.refreshBefore ?? 300) * 1000,
  });
  return {
    ready: () => source.ready(),
    presignSync(request) {
      const credentials = source.current();
      if (credentials === undefined) {
        throw new AccelError('ERR_ACCEL_CREDENTIALS', 'AWS credentials are not loaded yet (await presigner.ready() first) or have expired', { status: 500 });
      }
      return sign(credentials, request);
    },
    async presign(request) {
      return sign(source.current() ?? (await source.get()), request);
    },
    close: () => source.close(),
  };
}
