import { debuglog } from 'node:util';
import { configError, isAccelError, withinOption } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import type { MaybePromise } from '../contract/maybe-promise.js';
import { isPromiseLike } from '../runtime/maybe-promise.js';
import { assertBucketName } from '../s3/bucket-name.js';
import { MAX_EXPIRES_IN, type PresignRequest, type S3PresignerOptions } from '../s3/options.js';
import { createBucketAddresser } from '../s3/endpoint.js';
import { createS3Presigner } from '../s3/presigner.js';
import type { AccelTarget, TargetSignInput, TargetSignResult } from '../contract/target.js';
import { checkCarry, checkLifetime, checkPrefixOption, checkTargetMode, checkRedirectCacheControl, type CarryHeadersOption, type CommonTargetOptions } from './common-options.js';
import { checkStreamOptions, withoutStreamOptions } from './stream-options.js';
import { brandTarget } from '../contract/target-brand.js';

const debug = debuglog('cdn-accel:s3');

/** Options of an S3 (or S3-compatible: R2, MinIO, B2, Ceph) location; the presigner options come beside them. */
export interface S3TargetOptions extends CommonTargetOptions, Omit<S3PresignerOptions, 'expiresIn'> {
  /** The bucket. */
  bucket: string;
  /** Key prefix put in front of the path after the location prefix, e.g. `pdf/`. @default '' */
  prefix?: string;
  /** What the client gets (`stream`: the server fetches the presigned URL). @default 'redirect' */
  mode?: 'redirect' | 'stream';
  /**
   * App headers signed into the URL as `response-*` overrides. Content-Type is off by default: frameworks set
   * a default type (Koa `text/plain`, Express `text/html`) that would hide the object's own.
   * @default { contentDisposition: true, cacheControl: true, contentType: false }
   */
  carryHeaders?: CarryHeadersOption;
}

const CARRY_DEFAULTS = { contentDisposition: true, cacheControl: true, contentType: false };

function checkBucket(bucket: unknown): string {
  try {
    assertBucketName(bucket as string);
  } catch (cause) {
    throw configError('s3.bucket', (cause as Error).message, 'Use the bucket name only, e.g. acme-reports', cause);
  }
  return bucket as string;
}

/**
 * An S3 location: presigned GET (HEAD for HEAD requests) URLs with the app's Content-Disposition and
 * Cache-Control as signed `response-*` overrides. Credentials load in the background from now on.
 */
export function s3(options: S3TargetOptions): AccelTarget {
  if (typeof options !== 'object' || options === null) throw configError('s3()', 'expected an options object', 'Pass { bucket, region, expiresIn }');
  const bucket = checkBucket(options.bucket);
  if (typeof options.region !== 'string' || options.region === '') throw configError('s3.region', `expected a region name, got ${describeValue(options.region)}`, "Pass e.g. 'eu-west-1' ('auto' for R2)");
  const prefix = checkPrefixOption(options.prefix, 's3.prefix');
  const expiresIn = checkLifetime(options.expiresIn, 's3.expiresIn', MAX_EXPIRES_IN);
  const mode = checkTargetMode(options.mode, 's3.mode', 'S3', ['redirect', 'stream'] as const, "for HLS or DASH, put CloudFront in front of the bucket (cloudfront() with mode: 'cookies')");
  const carry = checkCarry(options.carryHeaders, 's3.carryHeaders', CARRY_DEFAULTS);
  const redirectCacheControl = checkRedirectCacheControl(options.cacheControl, 's3.cacheControl', expiresIn);
  const { bucket: _b, prefix: _p, mode: _m, carryHeaders: _c, cacheControl: _cc, expiresIn: _e, ...presignerOptions } = withoutStreamOptions(options);
  let presigner: ReturnType<typeof createS3Presigner>;
  let origin: string;
  try {
    presigner = createS3Presigner(presignerOptions);
    origin = createBucketAddresser({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle === true,
      useDualstackEndpoint: options.useDualstackEndpoint === true,
      useAccelerateEndpoint: options.useAccelerateEndpoint === true,
    })(bucket).origin;
  } catch (cause) {
    if (isAccelError(cause) && cause.code === 'ERR_ACCEL_CONFIG') throw withinOption('s3.', cause);
    throw configError('s3()', (cause as Error).message, 'Check region, endpoint and credentials', cause);
  }
  // Credentials load now, not on the first request; failures surface per request as 503 and in the logger.
  presigner.ready().catch((error: unknown) => debug('credentials not loaded yet: %s', (error as Error).message));

  function sign(input: TargetSignInput): MaybePromise<TargetSignResult> {
    if (input.query !== '') debug('S3 locations drop the X-Accel-Redirect query (SigV4 signs every parameter)');
    const nowSeconds = Math.floor(input.nowMs / 1000);
    const request: PresignRequest = {
      bucket,
      key: prefix + input.key,
      method: input.method,
      expiresIn: Math.min(MAX_EXPIRES_IN, input.expiresAt - nowSeconds),
      signingDate: new Date(nowSeconds * 1000),
    };
    if (input.overrides !== undefined) request.responseHeaders = input.overrides;
    let url: MaybePromise<string>;
    try {
      url = presigner.presignSync(request);
    } catch (error) {
      // Before the first credentials arrive (or after they lapsed), wait for them instead of failing.
      if (!isAccelError(error) || error.code !== 'ERR_ACCEL_CREDENTIALS') throw error;
      url = presigner.presign(request);
    }
    return isPromiseLike(url) ? url.then((value) => ({ url: value })) : { url };
  }

  const streamSettings = checkStreamOptions(options, 's3', mode);
  return brandTarget({
    kind: 's3',
    mode,
    ...(streamSettings === undefined ? {} : { streamSettings }),
    expiresIn,
    origin,
    methodBound: true,
    carry,
    redirectCacheControl,
    ip: 'none',
    ipv6: 'refuse',
    sign,
    ready: () => presigner.ready(),
  });
}
