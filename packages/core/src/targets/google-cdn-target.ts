import { cookieAttributeSuffix } from '../cloudfront/set-cookie.js';
import type { CookieAttributes } from '../cloudfront/types.js';
import { brandTarget } from '../contract/target-brand.js';
import { checkStreamOptions } from './stream-options.js';
import type { AccelTarget, TargetSignInput, TargetSignResult } from '../contract/target.js';
import { configError, isAccelError, withinOption, type AccelError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { createGoogleCdnSigner } from '../google-cdn/create-signer.js';
import type { GoogleCdnKeyOptions, GoogleCdnSigner, GoogleCdnSignerOptions } from '../google-cdn/types.js';
import { checkUrlPrefix, checkUrlToSign } from '../google-cdn/url-checks.js';
import { encodeObjectKey } from '../url/encode-object-key.js';
import { checkLifetime, checkRedirectCacheControl, checkTargetMode, type CommonTargetOptions } from './common-options.js';

/** Cookie settings of a `mode: 'cookies'` Cloud CDN location. */
export interface GoogleCdnCookieOptions extends CookieAttributes {
  /**
   * The URL prefix the `Cloud-CDN-Cookie` covers (`https://media.example.com/videos/`), or a function of the object URL.
   * @default the folder of the object: `<url><key's folder>/`
   */
  urlPrefix?: string | ((objectUrl: string) => string);
}

/** Location options of a Cloud CDN target (backend bucket or backend service with signed requests). */
export interface GoogleCdnLocationOptions extends CommonTargetOptions {
  /** Base URL the location prefix maps onto, scheme and host in lower case, e.g. `https://media.example.com/videos/`. */
  url: string;
  /**
   * What the client gets. `'cookies'`: a `Cloud-CDN-Cookie` for the object's folder and a redirect to the unsigned
   * URL, the Cloud CDN way to serve HLS and DASH. @default 'redirect'
   */
  mode?: 'redirect' | 'cookies' | 'stream';
  /** `Set-Cookie` attributes and URL prefix for `mode: 'cookies'`. @default { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' } */
  cookie?: GoogleCdnCookieOptions;
}

/** The location options and the key options (`keyName` + `key`, or `keys` + `activeKeyName` for rotation) together. */
export type GoogleCdnTargetOptions = GoogleCdnLocationOptions & GoogleCdnKeyOptions;

// Cloud CDN sets no upper bound of its own; a year keeps a mistyped lifetime from minting near-permanent URLs.
const MAX_LIFETIME = 365 * 24 * 3600;
const URL_FIX = "Use e.g. 'https://media.example.com/videos/' (lower-case scheme and host, no query or fragment)";

function checkBaseUrl(url: unknown): string {
  const base = typeof url === 'string' && !url.endsWith('/') ? `${url}/` : url;
  try {
    checkUrlPrefix(base as string, 'url');
  } catch (cause) {
    const problem = isAccelError(cause) ? cause.message.replace(/^url: /, '') : `got ${describeValue(url)}`;
    throw configError('googleCdn.url', problem, URL_FIX, cause);
  }
  return base as string;
}

function cookieSettings(cookie: GoogleCdnCookieOptions | undefined, base: string) {
  const { urlPrefix, ...attributes } = cookie ?? {};
  const withDefaults: CookieAttributes = { sameSite: 'Lax', ...attributes };
  try {
    cookieAttributeSuffix(withDefaults);
  } catch (cause) {
    throw withinOption('googleCdn.', cause as AccelError);
  }
  if (typeof urlPrefix === 'string') {
    try {
      checkUrlPrefix(urlPrefix, 'cookie.urlPrefix');
    } catch (cause) {
      throw withinOption('googleCdn.', cause as AccelError);
    }
  } else if (urlPrefix !== undefined && typeof urlPrefix !== 'function') {
    throw configError('googleCdn.cookie.urlPrefix', `expected a URL prefix or a function of the object URL, got ${describeValue(urlPrefix)}`, `Use e.g. '${base}'`);
  }
  const folderOf = (objectUrl: string): string => objectUrl.slice(0, objectUrl.lastIndexOf('/') + 1);
  const prefixFor = typeof urlPrefix === 'string' ? () => urlPrefix : (urlPrefix ?? folderOf);
  return { attributes: withDefaults, prefixFor };
}

function createSigner(options: GoogleCdnTargetOptions): GoogleCdnSigner {
  const { keyName, key, keys, activeKeyName } = options as unknown as Record<string, unknown>;
  try {
    // The engine's clock decides expiries (never past by it); the signer's own clock must not second-guess them.
    return createGoogleCdnSigner({ keyName, key, keys, activeKeyName, allowPastExpiry: true } as GoogleCdnSignerOptions);
  } catch (cause) {
    // The key loader names its option (keyName, keys[1].key…) and the fix; it never shows a key.
    if (isAccelError(cause) && cause.code === 'ERR_ACCEL_CONFIG') throw withinOption('googleCdn.', cause);
    throw cause;
  }
}

/**
 * A Google Cloud CDN location: signed URLs (HMAC-SHA1, `Expires`, `KeyName`, `Signature`), a signed cookie for the
 * object's folder, or stream mode. Keys are decoded and checked now; signing later is one HMAC.
 */
export function googleCdn(options: GoogleCdnTargetOptions): AccelTarget {
  if (typeof options !== 'object' || options === null) throw configError('googleCdn()', 'expected an options object', "Pass { url, keyName, key: { file: 'key.txt' }, expiresIn }");
  const base = checkBaseUrl(options.url);
  const expiresIn = checkLifetime(options.expiresIn, 'googleCdn.expiresIn', MAX_LIFETIME);
  const mode = checkTargetMode(options.mode, 'googleCdn.mode', 'Cloud CDN', ['redirect', 'cookies', 'stream'] as const);
  const redirectCacheControl = checkRedirectCacheControl(options.cacheControl, 'googleCdn.cacheControl', expiresIn);
  const cookies = mode === 'cookies' ? cookieSettings(options.cookie, base) : undefined;
  const signer = createSigner(options);

  function sign(input: TargetSignInput): TargetSignResult {
    const objectUrl = base + encodeObjectKey(input.key);
    const url = input.query === '' ? objectUrl : `${objectUrl}?${input.query}`;
    const expiry = { dateLessThan: new Date(input.expiresAt * 1000) };
    if (cookies === undefined) return { url: signer.signUrl(url, expiry) };
    // SECURITY: the unsigned URL is checked as a signed one would be: a Signature or Expires in the app's query
    // would make Cloud CDN read the request as a signed URL instead of using the cookie.
    checkUrlToSign(url);
    return { url, setCookie: [signer.signCookie(cookies.prefixFor(objectUrl), expiry, cookies.attributes).setCookie] };
  }

  const streamSettings = checkStreamOptions(options, 'googleCdn', mode);
  return brandTarget({
    kind: 'google-cdn',
    mode,
    ...(streamSettings === undefined ? {} : { streamSettings }),
    expiresIn,
    origin: new URL(base).origin,
    methodBound: false,
    carry: { contentDisposition: false, cacheControl: false, contentType: false },
    redirectCacheControl,
    ip: 'none',
    ipv6: 'refuse',
    sign,
    ready: () => Promise.resolve(),
  });
}
