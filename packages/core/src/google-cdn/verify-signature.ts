import { timingSafeEqual } from 'node:crypto';
import { fromBase64Url } from './base64url.js';
import { hmacDigest } from './hmac-signature.js';
import type { GoogleCdnVerifyFailure, GoogleCdnVerifyResult } from './verify-types.js';

/** The signing values of one request, from the query string or the cookie, still as text. */
export interface SignedValues {
  form: 'url' | 'url-prefix' | 'cookie';
  /** Exactly the text the signature covers. */
  signedText: string;
  /** The URL the signature must cover (the request URL without the signing parameters). */
  requestUrl: string;
  urlPrefix: string | undefined;
  expires: string;
  keyName: string;
  signature: string;
}

export const fail = (reason: GoogleCdnVerifyFailure, message: string): GoogleCdnVerifyResult => ({ ok: false, reason, message });

const EXPIRES = /^\d{1,15}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD']);
// `..`/`.` segments, raw or percent-encoded: string-wise inside the prefix, resolved outside it.
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:[/?]|$)/i;

function decodePrefix(encoded: string): string | undefined {
  const bytes = fromBase64Url(encoded, true);
  return bytes === undefined ? undefined : bytes.toString('utf8');
}

/** Checks signing values in Cloud CDN's order: method, key, signature, prefix scope, expiry. */
export function checkSignedValues(values: SignedValues, method: string, keys: ReadonlyMap<string, Buffer>, nowMs: number): GoogleCdnVerifyResult {
  if (!SAFE_METHODS.has(method)) return fail('method-not-allowed', `signed requests must be GET or HEAD, not ${method}`);
  if (!EXPIRES.test(values.expires)) return fail('malformed', 'Expires is not a number of seconds since the epoch');
  const key = keys.get(values.keyName);
  if (key === undefined) return fail('unknown-key', `no key named "${values.keyName}"`);
  const given = fromBase64Url(values.signature);
  const expected = hmacDigest(key, values.signedText);
  // SECURITY: constant-time comparison of the whole HMAC, before anything signed is trusted.
  if (given === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail('bad-signature', `the signature does not match key "${values.keyName}"`);
  }
  let urlPrefix: string | undefined;
  if (values.urlPrefix !== undefined) {
    urlPrefix = decodePrefix(values.urlPrefix);
    if (urlPrefix === undefined) return fail('malformed', 'URLPrefix is not base64url');
    // SECURITY: `prefix/../other` starts with the prefix but names a file outside it.
    if (!values.requestUrl.startsWith(urlPrefix) || DOT_SEGMENT.test(values.requestUrl)) {
      return fail('out-of-scope', `the URL is not under the signed prefix ${urlPrefix}`);
    }
  }
  const expires = Number(values.expires);
  if (nowMs >= expires * 1000) return fail('expired', `expired at ${new Date(expires * 1000).toISOString()}`);
  const result: GoogleCdnVerifyResult = { ok: true, form: values.form, keyName: values.keyName, expires };
  return urlPrefix === undefined ? result : { ...result, urlPrefix };
}
