import { backgroundSigning, type BackgroundSigning } from '../cloudfront/background-signing.js';
import { createCloudFrontSigner } from '../cloudfront/create-signer.js';
import { cookieAttributeSuffix } from '../cloudfront/set-cookie.js';
import type { AsyncCloudFrontSigner, CloudFrontPolicy, CloudFrontSigner, CloudFrontSignerOptions, CookieAttributes } from '../cloudfront/types.js';
import type { AccelTarget, TargetSignInput, TargetSignResult } from '../contract/target.js';
import { configError, isAccelError, withinOption, type AccelError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import type { MaybePromise } from '../contract/maybe-promise.js';
import { isPromiseLike } from '../runtime/maybe-promise.js';
import { encodeObjectKey } from '../url/encode-object-key.js';
import { checkCarry, checkLifetime, checkMode, checkRedirectCacheControl, checkTargetMode, type CarryHeadersOption, type CommonTargetOptions } from './common-options.js';
import { joinQuery, overrideQuery } from './response-overrides.js';
import { checkStreamOptions, withoutStreamOptions } from './stream-options.js';
import { brandTarget } from '../contract/target-brand.js';

/** Cookie settings of a `mode: 'cookies'` location. */
export interface CloudFrontCookieOptions extends CookieAttributes {
  /**
   * The policy resource: a wildcard pattern (`https://video.example.com/hls/*`), or a function of the object URL.
   * @default the folder of the object: `<url><key's folder>/*`
   */
  resource?: string | ((objectUrl: string) => string);
}

/** Location options of a CloudFront target (the signer options — keys, KMS `sign`, key rotation — come beside them). */
export interface CloudFrontLocationOptions extends CommonTargetOptions {
  /** Base URL the location prefix maps onto, e.g. `https://d111111abcdef8.cloudfront.net/media/`. */
  url: string;
  /** What the client gets. @default 'redirect' */
  mode?: 'redirect' | 'cookies' | 'stream';
  /** `'client'` binds each signature to the client's IPv4 address (custom policy with `AWS:SourceIp`). @default 'none' */
  ip?: 'none' | 'client';
  /**
   * With `ip: 'client'`: what a client without an IPv4 address (IPv6, or none known) gets, since CloudFront has no
   * IPv6 condition. `'refuse'`: 403. `'unbound'`: a URL with no IP condition, usable from anywhere until it expires
   * (`createAccel` warns about it at startup). @default 'refuse'
   */
  ipv6?: 'refuse' | 'unbound';
  /**
   * App headers signed into the URL as S3 `response-*` parameters (for S3 origins behind OAC, with a cache policy
   * that forwards them; without one CloudFront drops them, harmlessly). `true` means Content-Disposition and
   * Cache-Control; Content-Type only when named, since frameworks set a default type.
   * @default { contentDisposition: true } (nothing in cookie mode)
   */
  carryHeaders?: CarryHeadersOption;
  /** `Set-Cookie` attributes and resource for `mode: 'cookies'`. @default { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' } */
  cookie?: CloudFrontCookieOptions;
}

export type CloudFrontTargetOptions = CloudFrontLocationOptions & CloudFrontSignerOptions;

const BASE_URL = /^https?:\/\/[^/?#\s]+(?:\/[^?#\s]*)?$/i;
/** The file name survives the redirect, as it does behind Nginx; Cache-Control would steer the edge cache. */
const CARRY_DEFAULTS = { contentDisposition: true, cacheControl: false, contentType: false };
const CARRY_NOTHING = { contentDisposition: false, cacheControl: false, contentType: false };

function checkBaseUrl(url: unknown): string {
  if (typeof url !== 'string' || !BASE_URL.test(url)) {
    throw configError('cloudfront.url', `expected an absolute https:// URL without query or fragment, got ${describeValue(url)}`, "Use e.g. 'https://d111111abcdef8.cloudfront.net/media/'");
  }
  return url.endsWith('/') ? url : `${url}/`;
}

function splitOptions(options: CloudFrontTargetOptions): CloudFrontSignerOptions {
  const { url: _url, mode: _mode, ip: _ip, ipv6: _ipv6, carryHeaders: _carry, cookie: _cookie, expiresIn: _expiresIn, cacheControl: _cc, ...signer } = withoutStreamOptions(options);
  return signer as CloudFrontSignerOptions;
}

function cookieSettings(cookie: CloudFrontCookieOptions | undefined, base: string) {
  const { resource, ...attributes } = cookie ?? {};
  const withDefaults: CookieAttributes = { sameSite: 'Lax', ...attributes };
  try {
    cookieAttributeSuffix(withDefaults);
  } catch (cause) {
    // Its message names the attribute (cookie.sameSite) and what it accepts.
    throw withinOption('cloudfront.', cause as AccelError);
  }
  if (resource !== undefined && typeof resource !== 'string' && typeof resource !== 'function') {
    throw configError('cloudfront.cookie.resource', `expected a pattern string or a function of the object URL, got ${describeValue(resource)}`, `Use e.g. '${base}*'`);
  }
  const folderOf = (objectUrl: string): string => `${objectUrl.slice(0, objectUrl.lastIndexOf('/') + 1)}*`;
  const resourceFor = typeof resource === 'string' ? () => resource : (resource ?? folderOf);
  return { attributes: withDefaults, resourceFor };
}

/**
 * A CloudFront location: signed URLs (canned policy, or custom with an IP condition), signed cookies, or
 * stream mode. Validates every option and loads the key(s) now; signing later is one `crypto.sign`.
 */
export function cloudfront(options: CloudFrontTargetOptions): AccelTarget {
  if (typeof options !== 'object' || options === null) throw configError('cloudfront()', 'expected an options object', 'Pass { url, keyPairId, privateKey, expiresIn }');
  const base = checkBaseUrl(options.url);
  const expiresIn = checkLifetime(options.expiresIn, 'cloudfront.expiresIn', 7 * 24 * 3600 * 52);
  const mode = checkTargetMode(options.mode, 'cloudfront.mode', 'CloudFront', ['redirect', 'cookies', 'stream'] as const);
  // Cookie mode redirects to an unsigned URL that players and the edge cache share: it carries only what is named.
  const carry = checkCarry(options.carryHeaders, 'cloudfront.carryHeaders', mode === 'cookies' ? CARRY_NOTHING : CARRY_DEFAULTS);
  const carriesAny = carry.contentDisposition || carry.cacheControl || carry.contentType;
  const ip = checkMode(options.ip, 'cloudfront.ip', ['none', 'client'] as const);
  const ipv6 = checkMode(options.ipv6, 'cloudfront.ipv6', ['refuse', 'unbound'] as const);
  const redirectCacheControl = checkRedirectCacheControl(options.cacheControl, 'cloudfront.cacheControl', expiresIn);
  const cookies = mode === 'cookies' ? cookieSettings(options.cookie, base) : undefined;
  let signer: CloudFrontSigner | AsyncCloudFrontSigner;
  try {
    signer = createCloudFrontSigner(splitOptions(options));
  } catch (cause) {
    // The signer's own errors name their option (keyPairId, privateKey, keys[0].privateKey…) and the fix.
    if (isAccelError(cause) && (cause.code === 'ERR_ACCEL_CONFIG' || cause.code === 'ERR_ACCEL_INVALID_KEY')) throw withinOption('cloudfront.', cause);
    throw configError('cloudfront()', (cause as Error).message ?? 'the signer could not be created', 'Check keyPairId, privateKey (PEM, Buffer, KeyObject or { file }) and passphrase', cause);
  }

  /** Signs one object with the signer's own methods, or with their background variant (cache refreshes). */
  const signWith = (methods: CloudFrontSigner | AsyncCloudFrontSigner | BackgroundSigning) => (input: TargetSignInput): MaybePromise<TargetSignResult> => {
    const query = carriesAny ? joinQuery(input.query, overrideQuery(input.overrides)) : input.query;
    const objectUrl = base + encodeObjectKey(input.key);
    const url = query === '' ? objectUrl : `${objectUrl}?${query}`;
    const policy: CloudFrontPolicy = input.clientIp === undefined
      ? { dateLessThan: new Date(input.expiresAt * 1000) }
      : { dateLessThan: new Date(input.expiresAt * 1000), ipAddress: input.clientIp };
    if (cookies === undefined) {
      const signed = methods.signUrl(url, policy);
      return isPromiseLike(signed) ? signed.then((value) => ({ url: value })) : { url: signed };
    }
    const signedCookies = methods.signCookies(cookies.resourceFor(objectUrl), policy, cookies.attributes);
    return isPromiseLike(signedCookies)
      ? signedCookies.then((value) => ({ url, setCookie: value.setCookie }))
      : { url, setCookie: signedCookies.setCookie };
  };
  const background = backgroundSigning(signer);

  const streamSettings = checkStreamOptions(options, 'cloudfront', mode);
  return brandTarget({
    kind: 'cloudfront',
    mode,
    ...(streamSettings === undefined ? {} : { streamSettings }),
    expiresIn,
    origin: new URL(base).origin,
    methodBound: false,
    carry,
    redirectCacheControl,
    ip,
    ipv6,
    sign: signWith(signer),
    ...(background === undefined ? {} : { signAhead: signWith(background) as (input: TargetSignInput) => Promise<TargetSignResult> }),
    ready: () => Promise.resolve(),
  });
}
