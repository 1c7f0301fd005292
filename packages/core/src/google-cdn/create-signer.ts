import { debuglog } from 'node:util';
import { cookieAttributeSuffix } from '../cloudfront/set-cookie.js';
import type { CookieAttributes } from '../cloudfront/types.js';
import { AccelError, configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { systemClock } from '../runtime/clock.js';
import type { Expiry } from '../time/resolve-validity.js';
import { toPaddedBase64Url } from './base64url.js';
import { expiresAtSeconds } from './expiry.js';
import { hmacSignature } from './hmac-signature.js';
import { loadGoogleCdnKeySet } from './signer-keys.js';
import type { GoogleCdnSignedCookie, GoogleCdnSigner, GoogleCdnSignerOptions } from './types.js';
import { checkUrlPrefix, checkUrlToSign } from './url-checks.js';

const trace = debuglog('cdn-accel:google-cdn');

/** The `URLPrefix=…` part; prefixes repeat (one per folder), so the last one is remembered. */
function createPrefixEncoder(): (prefix: string) => string {
  let lastPrefix: string | undefined;
  let lastEncoded = '';
  return (prefix) => {
    if (prefix !== lastPrefix) {
      checkUrlPrefix(prefix);
      lastEncoded = `URLPrefix=${toPaddedBase64Url(Buffer.from(prefix, 'utf8'))}`;
      lastPrefix = prefix;
    }
    return lastEncoded;
  };
}

/**
 * Creates a Cloud CDN signer for signed URLs, URL-prefix signatures and signed cookies (HMAC-SHA1 under a
 * 128-bit key, base64url with padding), as Google's samples and `gcloud compute sign-url` make them. Keys are
 * decoded and checked once, here; with several keys, `activeKeyName` signs.
 */
export function createGoogleCdnSigner(options: GoogleCdnSignerOptions): GoogleCdnSigner {
  const { activeKeyName: keyName, activeKey: key } = loadGoogleCdnKeySet(options);
  const now = options.now ?? systemClock;
  if (typeof now !== 'function') throw configError('now', `expected a function, got ${describeValue(now)}`, 'Pass a clock returning ms since the epoch, like Date.now');
  const allowPast = options.allowPastExpiry === true;
  const keyNamePart = `&KeyName=${keyName}`;
  const defaultCookieSuffix = cookieAttributeSuffix();
  const encodePrefix = createPrefixEncoder();
  trace('signer ready: key %s', keyName);

  /** `URLPrefix=…&Expires=…&KeyName=…&Signature=…`, or with `:` between the parts for a cookie. */
  function prefixPolicy(urlPrefix: string, expiry: Expiry, separator: '&' | ':'): string {
    const prefixPart = encodePrefix(urlPrefix);
    const expires = expiresAtSeconds(expiry, now(), allowPast);
    const policy = separator === '&' ? `${prefixPart}&Expires=${expires}${keyNamePart}` : `${prefixPart}:Expires=${expires}:KeyName=${keyName}`;
    return `${policy}${separator}Signature=${hmacSignature(key, policy)}`;
  }

  return {
    keyName,
    signUrl(url, expiry) {
      const separator = checkUrlToSign(url);
      const signed = `${url}${separator}Expires=${expiresAtSeconds(expiry, now(), allowPast)}${keyNamePart}`;
      return `${signed}&Signature=${hmacSignature(key, signed)}`;
    },
    signUrlPrefix(url, urlPrefix, expiry) {
      const separator = checkUrlToSign(url);
      // A prefix that does not cover the URL signs something Cloud CDN refuses with 403: fail here instead.
      if (typeof urlPrefix === 'string' && !url.startsWith(urlPrefix)) {
        throw new AccelError('ERR_ACCEL_INVALID_INPUT', `urlPrefix: "${urlPrefix}" is not a prefix of the URL "${url}"; shorten the prefix or sign another URL`, { status: 400 });
      }
      return `${url}${separator}${prefixPolicy(urlPrefix, expiry, '&')}`;
    },
    signCookie(urlPrefix, expiry, attributes?: CookieAttributes): GoogleCdnSignedCookie {
      const value = prefixPolicy(urlPrefix, expiry, ':');
      const suffix = attributes === undefined ? defaultCookieSuffix : cookieAttributeSuffix(attributes);
      return { name: 'Cloud-CDN-Cookie', value, setCookie: `Cloud-CDN-Cookie=${value}${suffix}` };
    },
  };
}
