import { debuglog } from 'node:util';
import { cookieAttributeSuffix } from '../cloudfront/set-cookie.js';
import type { CookieAttributes } from '../cloudfront/types.js';
import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { prepareHmac } from '../keys/prepared-hmac.js';
import { systemClock } from '../runtime/clock.js';
import type { Expiry } from '../time/resolve-validity.js';
import { toPaddedBase64Url } from './base64url.js';
import { expiresAtSeconds } from './expiry.js';
import { hmacSignature } from './hmac-signature.js';
import { loadGoogleCdnKeySet } from './signer-keys.js';
import type { GoogleCdnSignedCookie, GoogleCdnSigner, GoogleCdnSignerOptions } from './types.js';
import { checkUrlPrefix, checkUrlToSign, checkUrlUnderPrefix } from './url-checks.js';

const trace = debuglog('cdn-accel:google-cdn');

const MAX_CACHED_PREFIXES = 256;

/** The `URLPrefix=…` part of each prefix, checked and encoded once; bounded, so arbitrary prefixes cannot grow it. */
function createPrefixEncoder(): (prefix: string) => string {
  const encoded = new Map<string, string>();
  return (prefix) => {
    let part = encoded.get(prefix);
    if (part === undefined) {
      checkUrlPrefix(prefix);
      part = `URLPrefix=${toPaddedBase64Url(Buffer.from(prefix, 'utf8'))}`;
      if (encoded.size >= MAX_CACHED_PREFIXES) encoded.clear();
      encoded.set(prefix, part);
    }
    return part;
  };
}

/**
 * Creates a Cloud CDN signer for signed URLs, URL-prefix signatures and signed cookies (HMAC-SHA1 under a
 * 128-bit key, base64url with padding), as Google's samples and `gcloud compute sign-url` make them. Keys are
 * decoded and checked once, here; with several keys, `activeKeyName` signs.
 */
export function createGoogleCdnSigner(options: GoogleCdnSignerOptions): GoogleCdnSigner {
  const { activeKeyName: keyName, activeKey } = loadGoogleCdnKeySet(options);
  const hmac = prepareHmac('sha1', activeKey);
  const now = options.now ?? systemClock;
  if (typeof now !== 'function') throw configError('now', `expected a function, got ${describeValue(now)}`, 'Pass a clock returning ms since the epoch, like Date.now');
  const allowPast = options.allowPastExpiry === true;
  const keyNamePart = `&KeyName=${keyName}`;
  const defaultCookieSuffix = cookieAttributeSuffix();
  const encodePrefix = createPrefixEncoder();
  trace('signer ready: key %s', keyName);

  // Requests in the same cache window share an expiry: its decimal text is kept from the previous signature.
  let lastExpires = Number.NaN;
  let lastExpiresText = '';
  function expiresText(expiry: Expiry): string {
    const expires = expiresAtSeconds(expiry, now(), allowPast);
    if (expires !== lastExpires) {
      lastExpires = expires;
      lastExpiresText = String(expires);
    }
    return lastExpiresText;
  }

  /** `URLPrefix=…&Expires=…&KeyName=…&Signature=…`, or with `:` between the parts for a cookie. */
  function prefixPolicy(urlPrefix: string, expiry: Expiry, separator: '&' | ':'): string {
    const prefixPart = encodePrefix(urlPrefix);
    const expires = expiresText(expiry);
    const policy = separator === '&' ? `${prefixPart}&Expires=${expires}${keyNamePart}` : `${prefixPart}:Expires=${expires}:KeyName=${keyName}`;
    return `${policy}${separator}Signature=${hmacSignature(hmac, policy)}`;
  }

  return {
    keyName,
    signUrl(url, expiry) {
      const separator = checkUrlToSign(url);
      const signed = `${url}${separator}Expires=${expiresText(expiry)}${keyNamePart}`;
      return `${signed}&Signature=${hmacSignature(hmac, signed)}`;
    },
    signUrlPrefix(url, urlPrefix, expiry) {
      const policy = prefixPolicy(urlPrefix, expiry, '&');
      return `${url}${checkUrlUnderPrefix(url, urlPrefix)}${policy}`;
    },
    signCookie(urlPrefix, expiry, attributes?: CookieAttributes): GoogleCdnSignedCookie {
      const value = prefixPolicy(urlPrefix, expiry, ':');
      const suffix = attributes === undefined ? defaultCookieSuffix : cookieAttributeSuffix(attributes);
      return { name: 'Cloud-CDN-Cookie', value, setCookie: `Cloud-CDN-Cookie=${value}${suffix}` };
    },
  };
}
