import type { HeaderPairs } from '../contract/decision.js';
import type { AccelRequest, AccelResponseView } from '../contract/request.js';
import type { ResponseOverrides } from '../contract/target.js';
import { readSingleHeader } from './read-header.js';

/** Client request headers passed on to the CDN in stream mode (the stream helper filters again). */
const FORWARDED = ['range', 'if-range', 'if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since'] as const;
const FORWARDED_NAMES: Record<string, string> = {
  range: 'Range',
  'if-range': 'If-Range',
  'if-none-match': 'If-None-Match',
  'if-modified-since': 'If-Modified-Since',
  'if-match': 'If-Match',
  'if-unmodified-since': 'If-Unmodified-Since',
};
const CHARSET = /^[A-Za-z0-9!#$%&'+\-^_`{}~]{1,40}$/;

export function forwardHeaders(request: AccelRequest): HeaderPairs {
  const pairs: HeaderPairs = [];
  const headers = request.headers;
  if (headers === undefined) return pairs;
  for (const name of FORWARDED) {
    const value = headers[name];
    if (typeof value === 'string') pairs.push([FORWARDED_NAMES[name] as string, value]);
  }
  return pairs;
}

/**
 * The app's headers that Nginx keeps across an `X-Accel-Redirect` (the entries of `ngx_http_upstream_headers_in`
 * marked for redirects: Content-Type, Content-Disposition, Set-Cookie, Cache-Control, Expires, Accept-Ranges),
 * winning over the object's own in stream mode; every other header of the app is dropped. Content-Type only where
 * the location carries it (`overrides.contentType`): a proxied internal location in Nginx takes the object's
 * (`appContentType` covers an object that has none), and frameworks set a default type an object should not get.
 */
export function overrideHeaders(response: AccelResponseView, overrides: ResponseOverrides | undefined): HeaderPairs {
  const pairs: HeaderPairs = [];
  // An empty Content-Type means "not set", as in Nginx (Django apps clear theirs so the file's own is sent).
  if (overrides?.contentType) pairs.push(['Content-Type', overrides.contentType]);
  if (overrides?.contentDisposition !== undefined) pairs.push(['Content-Disposition', overrides.contentDisposition]);
  if (overrides?.cacheControl !== undefined) pairs.push(['Cache-Control', overrides.cacheControl]);
  const expires = readSingleHeader(response, 'expires');
  if (typeof expires === 'string') pairs.push(['Expires', expires]);
  const ranges = readSingleHeader(response, 'accept-ranges');
  if (typeof ranges === 'string') pairs.push(['Accept-Ranges', ranges]);
  const cookies = response.getHeader('set-cookie');
  if (typeof cookies === 'string') pairs.push(['Set-Cookie', cookies]);
  else if (Array.isArray(cookies)) for (const cookie of cookies) pairs.push(['Set-Cookie', cookie]);
  return pairs;
}

/**
 * The app's Content-Type where the location does not carry it: sent only when the object has none, as Nginx's
 * proxied internal location keeps the app's type unless the origin sends its own. Empty means "not set".
 */
export function appContentType(response: AccelResponseView): string | undefined {
  const value = readSingleHeader(response, 'content-type');
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * `X-Accel-Limit-Rate`: bytes per second, `0` for "no limit", which wins over the location's `limitRate` as in
 * Nginx; absent or malformed gives `undefined` (the location's limit applies).
 */
export function limitRate(response: AccelResponseView): number | undefined {
  const value = readSingleHeader(response, 'x-accel-limit-rate');
  if (typeof value !== 'string' || !/^\s*\d+\s*$/.test(value)) return undefined;
  const rate = Number(value.trim());
  return Number.isSafeInteger(rate) ? rate : undefined;
}

/** `X-Accel-Buffering: no` turns buffering off; anything else leaves it on. */
export function buffering(response: AccelResponseView): boolean {
  const value = readSingleHeader(response, 'x-accel-buffering');
  return typeof value !== 'string' || value.trim().toLowerCase() !== 'no';
}

/** `X-Accel-Charset`, when it is a plausible charset token. */
export function charset(response: AccelResponseView): string | undefined {
  const value = readSingleHeader(response, 'x-accel-charset');
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return CHARSET.test(text) ? text : undefined;
}
