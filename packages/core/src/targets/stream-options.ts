import type { StreamHeaderRules } from '../contract/decision.js';
import type { AccelMode, StreamSettings } from '../contract/target.js';
import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';

/**
 * Options of a location whose bytes cdn-accel serves itself (`mode: 'stream'`, and `files()`), as Nginx's
 * `limit_rate`, `limit_rate_after`, `expires` and `add_header` in the `internal` location.
 */
export interface StreamLocationOptions {
  /**
   * Bytes per second each answer is sent at, as Nginx's `limit_rate`. The app's `X-Accel-Limit-Rate` wins, as in
   * Nginx (its `0` lifts the limit). Only in stream mode. @default no limit
   */
  limitRate?: number;
  /** Bytes sent at full speed before the limit (the location's or the app's) applies: Nginx's `limit_rate_after`. @default 0 */
  limitRateAfter?: number;
  /**
   * Nginx's `expires`: replaces the object's and the app's `Expires` and `Cache-Control` on 200, 201, 204, 206,
   * 301, 302, 303, 304, 307 and 308 answers. Seconds from now (`Cache-Control: max-age=<n>`; a negative number
   * gives `no-cache`), `'epoch'` (`no-cache`, Expires in 1970) or `'max'` (ten years). Only in stream mode.
   * @default the object's and the app's headers unchanged
   */
  expires?: number | 'epoch' | 'max';
  /**
   * Headers added to the answer, as Nginx's `add_header`: name → value, or `{ value, always: true }` to add it to
   * every status, not only 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308. Added after the object's and the
   * app's headers (ETag and Last-Modified replace the object's); an empty value adds nothing. Only in stream mode.
   * @default {}
   */
  addHeaders?: Record<string, string | { value: string; always?: boolean }>;
}

/** The option names of `StreamLocationOptions`, for targets that list the options they accept. */
export const STREAM_OPTION_NAMES = ['limitRate', 'limitRateAfter', 'expires', 'addHeaders'] as const;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// SECURITY: framing, hop-by-hop and cdn-accel's own headers decide how the answer is read; a location must not forge them.
const REFUSED = new Set(['content-length', 'content-range', 'transfer-encoding', 'connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer', 'host', 'set-cookie']);
const INTERNAL_PREFIXES = ['x-accel-', 'x-sendfile', 'x-lighttpd-'];
const MAX_EXPIRES = 315_360_000;
const NO_VALUE_FIX = "Pass a value such as 'nosniff', without line breaks";

function checkByteCount(value: unknown, field: string, fix: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw configError(field, `expected a whole number of bytes (0 or more), got ${describeValue(value)}`, fix);
  }
  return value;
}

function checkExpires(value: unknown, field: string): StreamHeaderRules['expires'] {
  if (value === undefined || value === 'epoch' || value === 'max') return value;
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > MAX_EXPIRES) {
    throw configError(field, `expected seconds from now (-${MAX_EXPIRES} to ${MAX_EXPIRES}), 'epoch' or 'max', got ${describeValue(value)}`, "Use e.g. 3600 (Nginx's expires 1h), 'epoch' or 'max'");
  }
  return value;
}

function checkHeaderName(name: string, field: string): void {
  if (!TOKEN.test(name)) throw configError(field, `${JSON.stringify(name)} is not a header name (letters, digits and !#$%&'*+-.^_\`|~ only)`, 'Use e.g. X-Content-Type-Options');
  const lower = name.toLowerCase();
  if (REFUSED.has(lower) || INTERNAL_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
    const fix = lower === 'set-cookie' ? 'Let the app set its cookies: its Set-Cookie is kept on the answer' : 'Leave it out: cdn-accel and the HTTP server set it';
    throw configError(field, `${name} may not be added by a location`, fix);
  }
}

function checkAddHeaders(value: unknown, field: string): StreamHeaderRules['add'] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw configError(field, `expected an object of header name → value, got ${describeValue(value)}`, "Pass e.g. { 'X-Content-Type-Options': 'nosniff' }");
  }
  const added: Array<readonly [string, string, boolean]> = [];
  for (const [name, entry] of Object.entries(value)) {
    const at = `${field}[${JSON.stringify(name)}]`;
    checkHeaderName(name, at);
    const fields: Record<string, unknown> = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : { value: entry };
    const { value: text, always, ...rest } = fields;
    if (Object.keys(rest).length > 0) throw configError(`${at}.${Object.keys(rest)[0] as string}`, 'is not a field of an added header', 'Use { value, always }');
    // SECURITY: a line break would let the value start a header (or a body) of its own.
    if (typeof text !== 'string' || /[\r\n\0]/.test(text)) {
      throw configError(at, `expected a header value on one line, got ${typeof text === 'string' ? 'a value with CR, LF or NUL' : describeValue(text)}`, NO_VALUE_FIX);
    }
    if (always !== undefined && typeof always !== 'boolean') throw configError(`${at}.always`, `expected true or false, got ${describeValue(always)}`, 'Use true to add the header to every status');
    added.push(Object.freeze([name, text.trim(), always === true] as const));
  }
  return Object.freeze(added);
}

/**
 * Validates a location's stream options once, at startup. `undefined` when none is set; on a location that
 * redirects (the CDN serves the bytes there) any of them is refused.
 */
export function checkStreamOptions(options: StreamLocationOptions, factory: string, mode: AccelMode): StreamSettings | undefined {
  const set = STREAM_OPTION_NAMES.filter((name) => options[name] !== undefined);
  if (set.length === 0) return undefined;
  if (mode !== 'stream') {
    throw configError(`${factory}.${set[0] as string}`, `applies where cdn-accel serves the bytes (mode: 'stream'), and this location's mode is '${mode}'`, "Set these headers or limits in the CDN (a CloudFront response headers policy, the bucket's object metadata), or use mode: 'stream'");
  }
  const limitRate = checkByteCount(options.limitRate, `${factory}.limitRate`, "Use bytes per second, e.g. 102400 (Nginx's limit_rate 100k), or leave it out");
  const limitRateAfter = checkByteCount(options.limitRateAfter, `${factory}.limitRateAfter`, "Use bytes, e.g. 1048576 (Nginx's limit_rate_after 1m), or leave it out");
  const expires = checkExpires(options.expires, `${factory}.expires`);
  const add = checkAddHeaders(options.addHeaders, `${factory}.addHeaders`);
  const headers: StreamHeaderRules | undefined = expires === undefined && add.length === 0 ? undefined : Object.freeze(expires === undefined ? { add } : { expires, add });
  const settings: { limitRate?: number; limitRateAfter?: number; headers?: StreamHeaderRules } = {};
  if (limitRate !== undefined && limitRate > 0) settings.limitRate = limitRate;
  if (limitRateAfter !== undefined && limitRateAfter > 0) settings.limitRateAfter = limitRateAfter;
  if (headers !== undefined) settings.headers = headers;
  return Object.freeze(settings);
}

/** `options` without the stream options, for the signer options a target passes on. */
export function withoutStreamOptions<T extends object>(options: T): Omit<T, (typeof STREAM_OPTION_NAMES)[number]> {
  const rest: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  for (const name of STREAM_OPTION_NAMES) delete rest[name];
  return rest as Omit<T, (typeof STREAM_OPTION_NAMES)[number]>;
}
