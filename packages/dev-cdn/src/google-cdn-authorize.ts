import { createGoogleCdnVerifier, type Clock, type GoogleCdnKeyOptions } from '@cdn-accel/core';
import type { Authorize } from './authorize.js';
import { forbiddenRefusal } from './provider-refusals.js';

/**
 * Cloud CDN's check: GET or HEAD, a known key, the HMAC-SHA1 signature of the URL, URL prefix or
 * `Cloud-CDN-Cookie`, the URL under the signed prefix, `Expires` in the future; any failure is a 403. An unsigned
 * request is refused too: the emulator stands for a private backend, which Cloud CDN would pass it on to.
 */
export function createGoogleCdnAuthorize(keys: GoogleCdnKeyOptions, now: Clock): Authorize {
  const verifier = createGoogleCdnVerifier({ ...keys, now });
  return async (req, facts) => {
    const cookie = req.headers.cookie;
    const verdict = verifier.verify({ method: facts.method, url: facts.url, ...(cookie === undefined ? {} : { cookie }) });
    if (!verdict.ok) return { ok: false, refusal: forbiddenRefusal(), reason: `${verdict.reason}: ${verdict.message}` };
    return { ok: true, scheme: verdict.form === 'cookie' ? 'google-cdn-cookie' : 'google-cdn-url', overrides: {} };
  };
}
