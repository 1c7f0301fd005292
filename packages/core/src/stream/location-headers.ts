import type { HeaderPairs, StreamDecision, StreamHeaderRules } from '../contract/decision.js';
import { AccelError, isAccelError } from '../errors/accel-error.js';
import { headerRecord } from '../header/header-record.js';

/** The statuses Nginx's `expires` and `add_header` (without `always`) apply to (`ngx_http_headers_filter`). */
const SAFE_STATUSES = new Set([200, 201, 204, 206, 301, 302, 303, 304, 307, 308]);
// Nginx replaces these two instead of adding a second line, and an empty value removes them.
const REPLACED = new Set(['etag', 'last-modified']);
const EPOCH: HeaderPairs = [['Expires', 'Thu, 01 Jan 1970 00:00:01 GMT'], ['Cache-Control', 'no-cache']];
const MAX: HeaderPairs = [['Expires', 'Thu, 31 Dec 2037 23:55:55 GMT'], ['Cache-Control', 'max-age=315360000']];

function isCaching(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'expires' || lower === 'cache-control';
}

/** The `Expires` and `Cache-Control` lines Nginx's `ngx_http_set_expires` writes for one answer. */
function expiresHeaders(expires: number | 'epoch' | 'max', nowMs: number): HeaderPairs {
  if (expires === 'epoch') return EPOCH;
  if (expires === 'max') return MAX;
  const at = new Date((Math.floor(nowMs / 1000) + expires) * 1000).toUTCString();
  return [['Expires', at], ['Cache-Control', expires < 0 ? 'no-cache' : `max-age=${expires}`]];
}

/**
 * The answer's headers with the location's `expires` and `addHeaders` applied, as Nginx's headers filter does
 * after the object's and the app's: `expires` replaces every Expires and Cache-Control line, then each added
 * header is appended (ETag and Last-Modified replace theirs). `headers` itself when the location has none.
 */
export function applyHeaderRules(headers: HeaderPairs, status: number, rules: StreamHeaderRules | undefined, nowMs: number): HeaderPairs {
  if (rules === undefined) return headers;
  const safe = SAFE_STATUSES.has(status);
  let result = headers;
  if (rules.expires !== undefined && safe) result = [...headers.filter(([name]) => !isCaching(name)), ...expiresHeaders(rules.expires, nowMs)];
  for (const [name, value, always] of rules.add) {
    if (!safe && !always) continue;
    const lower = name.toLowerCase();
    if (REPLACED.has(lower)) result = result.filter(([sent]) => sent.toLowerCase() !== lower);
    if (value !== '') result = [...result, [name, value]];
  }
  return result;
}

/** `applyHeaderRules` for one stream decision's answer. */
export function withLocationHeaders(headers: HeaderPairs, status: number, decision: StreamDecision, now: () => number = Date.now): HeaderPairs {
  return decision.headerRules === undefined ? headers : applyHeaderRules(headers, status, decision.headerRules, now());
}

/**
 * `error` with the location's `always` headers for its answer, as Nginx adds `add_header … always` to its own
 * error pages too (a missing file, an origin that cannot be reached). Only AccelErrors, whose answer cdn-accel
 * defines; `error` itself when the location has no such header.
 */
export function withAlwaysHeaders(error: unknown, decision: StreamDecision): unknown {
  const always = decision.headerRules?.add.filter(([, value, isAlways]) => isAlways && value !== '');
  if (always === undefined || always.length === 0 || !isAccelError(error)) return error;
  const headers = headerRecord(always.map(([name, value]) => [name, value] as const));
  return new AccelError(error.code, error.message, { status: error.status, expose: error.expose, cause: error.cause, headers });
}
