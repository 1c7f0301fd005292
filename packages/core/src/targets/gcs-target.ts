import { debuglog } from 'node:util';
import { brandTarget } from '../contract/target-brand.js';
import { checkStreamOptions, withoutStreamOptions } from './stream-options.js';
import type { MaybePromise } from '../contract/maybe-promise.js';
import type { AccelTarget, CarryHeaders, TargetSignInput, TargetSignResult } from '../contract/target.js';
import { configError, isAccelError, withinOption } from '../errors/accel-error.js';
import { createGcsSigner } from '../gcs/create-signer.js';
import { MAX_EXPIRES_IN } from '../gcs/request-input.js';
import type {
  AsyncGcsSigner, GcsExternalSignerOptions, GcsHmacSignerOptions, GcsServiceAccountSignerOptions, GcsSigner, GcsSignerOptions, GcsSignUrlRequest,
} from '../gcs/types.js';
import { isPromiseLike } from '../runtime/maybe-promise.js';
import { checkCarry, checkLifetime, checkPrefixOption, checkRedirectCacheControl, checkTargetMode, type CommonTargetOptions } from './common-options.js';

const debug = debuglog('cdn-accel:gcs');

/** The app headers a Cloud Storage location can carry: its signed URLs have no `response-cache-control`. */
export type GcsCarryHeadersOption = boolean | { contentDisposition?: boolean; contentType?: boolean; cacheControl?: false };

/** Location options of a Cloud Storage target; the signer options (bucket, key, addressing) come beside them. */
export interface GcsLocationOptions extends CommonTargetOptions {
  /** Object name prefix put in front of the path after the location prefix, e.g. `pdf/`. @default '' */
  prefix?: string;
  /** What the client gets (`stream`: the server fetches the signed URL). Cloud Storage has no signed cookies. @default 'redirect' */
  mode?: 'redirect' | 'stream';
  /**
   * App headers signed into the URL as `response-content-disposition` / `response-content-type`. Content-Type is
   * off by default: frameworks set a default type that would hide the object's own. `true` carries Content-Disposition
   * (Content-Type only when named, as on every target).
   * @default { contentDisposition: true, contentType: false }
   */
  carryHeaders?: GcsCarryHeadersOption;
}

/** The location options and the signer options (`serviceAccountKey`, `hmacKey` or `clientEmail` + `sign`) together. */
export type GcsTargetOptions = GcsLocationOptions & (
  | Omit<GcsServiceAccountSignerOptions, 'expiresIn' | 'now'>
  | Omit<GcsHmacSignerOptions, 'expiresIn' | 'now'>
  | Omit<GcsExternalSignerOptions, 'expiresIn' | 'now'>
);

const CARRY_DEFAULTS: CarryHeaders = { contentDisposition: true, cacheControl: false, contentType: false };

function checkGcsCarry(value: unknown): CarryHeaders {
  if (typeof value === 'object' && value !== null && (value as { cacheControl?: unknown }).cacheControl === true) {
    throw configError('gcs.carryHeaders.cacheControl', 'Cloud Storage signed URLs cannot set Cache-Control (there is no response-cache-control parameter)', "Set Cache-Control in the object's metadata, and leave cacheControl out");
  }
  return checkCarry(value === true ? { contentDisposition: true } : value, 'gcs.carryHeaders', CARRY_DEFAULTS);
}

function createSigner(options: GcsTargetOptions): GcsSigner | AsyncGcsSigner {
  const { prefix: _p, mode: _m, carryHeaders: _c, cacheControl: _cc, expiresIn: _e, ...signerOptions } = withoutStreamOptions(options);
  try {
    return createGcsSigner(signerOptions as GcsSignerOptions);
  } catch (cause) {
    // The signer names its option (bucket, serviceAccountKey.private_key, hmacKey.secret…) and the fix, never a key.
    if (isAccelError(cause) && cause.code === 'ERR_ACCEL_CONFIG') throw withinOption('gcs.', cause);
    throw cause;
  }
}

/**
 * A Google Cloud Storage location: V4 signed URLs (GOOG4-RSA-SHA256 with a service-account key or a remote signer,
 * GOOG4-HMAC-SHA256 with an HMAC key), GET or HEAD as the client asked, with the app's Content-Disposition signed in.
 */
export function gcs(options: GcsTargetOptions): AccelTarget {
  if (typeof options !== 'object' || options === null) throw configError('gcs()', 'expected an options object', "Pass { bucket, serviceAccountKey: { file: 'key.json' }, expiresIn }");
  const prefix = checkPrefixOption(options.prefix, 'gcs.prefix');
  const expiresIn = checkLifetime(options.expiresIn, 'gcs.expiresIn', MAX_EXPIRES_IN);
  const mode = checkTargetMode(options.mode, 'gcs.mode', 'Cloud Storage', ['redirect', 'stream'] as const, "for HLS or DASH, put Cloud CDN in front of the bucket (googleCdn() with mode: 'cookies')");
  const carry = checkGcsCarry(options.carryHeaders);
  const redirectCacheControl = checkRedirectCacheControl(options.cacheControl, 'gcs.cacheControl', expiresIn);
  const signer = createSigner(options);

  function sign(input: TargetSignInput): MaybePromise<TargetSignResult> {
    if (input.query !== '') debug('Cloud Storage locations drop the X-Accel-Redirect query (V4 signing covers every parameter)');
    const nowSeconds = Math.floor(input.nowMs / 1000);
    const request: GcsSignUrlRequest = {
      key: prefix + input.key,
      method: input.method,
      expiresIn: Math.max(1, Math.min(MAX_EXPIRES_IN, input.expiresAt - nowSeconds)),
      signingDate: new Date(nowSeconds * 1000),
    };
    const { contentDisposition, contentType } = input.overrides ?? {};
    if (contentDisposition !== undefined || contentType !== undefined) {
      request.responseHeaders = {};
      if (contentDisposition !== undefined) request.responseHeaders.contentDisposition = contentDisposition;
      if (contentType !== undefined) request.responseHeaders.contentType = contentType;
    }
    const url = signer.signUrl(request);
    return isPromiseLike(url) ? url.then((value) => ({ url: value })) : { url };
  }

  const streamSettings = checkStreamOptions(options, 'gcs', mode);
  return brandTarget({
    kind: 'gcs',
    mode,
    ...(streamSettings === undefined ? {} : { streamSettings }),
    expiresIn,
    origin: signer.origin,
    methodBound: true,
    carry,
    redirectCacheControl,
    ip: 'none',
    ipv6: 'refuse',
    sign,
    ready: () => Promise.resolve(),
  });
}
