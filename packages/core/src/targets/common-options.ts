import type { AccelMode, CarryHeaders } from '../contract/target.js';
import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { maxAgeDirectives } from '../header/cache-control.js';
import type { StreamLocationOptions } from './stream-options.js';

/** Options every target shares; the stream options apply in `mode: 'stream'` only. */
export interface CommonTargetOptions extends StreamLocationOptions {
  /** Longest lifetime of a signature, seconds; `X-Accel-Expires` may shorten it. @default 300 */
  expiresIn?: number;
  /**
   * `Cache-Control` of the redirect response. A `max-age`/`s-maxage` longer than the signature's lifetime is
   * refused at startup and shortened per request to the URL's remaining life.
   * @default 'private, no-store'
   */
  cacheControl?: string;
}

/** Which app response headers become signed overrides of the object response. `true` = all three. */
export type CarryHeadersOption = boolean | Partial<CarryHeaders>;

export const DEFAULT_LIFETIME = 300;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

export function checkLifetime(value: unknown, field: string, max: number): number {
  if (value === undefined) return Math.min(DEFAULT_LIFETIME, max);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw configError(field, `expected a whole number of seconds from 1 to ${max}, got ${describeValue(value)}`, 'Use e.g. 300 (five minutes)');
  }
  return value;
}

export function checkMode<M extends string>(value: unknown, field: string, allowed: readonly M[]): M {
  if (value === undefined) return allowed[0] as M;
  if (!allowed.includes(value as M)) {
    throw configError(field, `expected one of ${allowed.map((mode) => `'${mode}'`).join(', ')}, got ${describeValue(value)}`, `Use ${allowed.map((mode) => `'${mode}'`).join(' or ')} ('${allowed[0]}' is the default)`);
  }
  return value as M;
}

const MODES: readonly AccelMode[] = ['redirect', 'cookies', 'stream'];

/**
 * A location's mode, checked against the modes its provider has. A mode of cdn-accel that the provider lacks (S3
 * and Cloud Storage have no signed cookies) is named as such, with the modes it has, e.g.
 * `gcs.mode: Cloud Storage has no 'cookies' mode; its modes are 'redirect' and 'stream'`.
 */
export function checkTargetMode<M extends AccelMode>(value: unknown, field: string, provider: string, modes: readonly M[], lacking = ''): M {
  if (value === undefined || modes.includes(value as M)) return (value ?? modes[0]) as M;
  const list = modes.map((mode) => `'${mode}'`);
  const named = `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  const fix = `Use ${list.join(' or ')} ('${modes[0]}' is the default)${lacking === '' ? '' : `; ${lacking}`}`;
  if (MODES.includes(value as AccelMode)) throw configError(field, `${provider} has no '${value as string}' mode; its modes are ${named}`, fix);
  throw configError(field, `expected one of ${list.join(', ')}, got ${describeValue(value)}`, fix);
}

export function checkCarry(value: unknown, field: string, defaults: CarryHeaders): CarryHeaders {
  if (value === undefined) return defaults;
  // Content-Type only when named: frameworks set a default type that would hide the object's own.
  if (value === true) return { contentDisposition: true, cacheControl: true, contentType: false };
  if (value === false) return { contentDisposition: false, cacheControl: false, contentType: false };
  if (typeof value !== 'object' || value === null) {
    throw configError(field, `expected a boolean or { contentDisposition?, cacheControl?, contentType? }, got ${describeValue(value)}`, 'Pass e.g. { contentDisposition: true }');
  }
  const carry = { ...defaults };
  for (const [name, flag] of Object.entries(value)) {
    if (!(name in defaults)) {
      throw configError(`${field}.${name}`, 'is not a header that can be carried', 'Use contentDisposition, cacheControl or contentType');
    }
    if (typeof flag !== 'boolean') throw configError(`${field}.${name}`, `expected true or false, got ${describeValue(flag)}`, 'Use true or false');
    carry[name as keyof CarryHeaders] = flag;
  }
  return carry;
}

/** Validates the redirect's Cache-Control: one header line, never cacheable longer than the signature. */
export function checkRedirectCacheControl(value: unknown, field: string, lifetime: number): string {
  if (value === undefined) return 'private, no-store';
  if (typeof value !== 'string' || value.trim() === '' || !HEADER_VALUE.test(value)) {
    throw configError(field, `expected a non-empty single-line header value, got ${typeof value === 'string' && value.trim() !== '' ? 'a value with a line break or a control character' : describeValue(value)}`, "Use e.g. 'private, max-age=60'");
  }
  for (const { name, seconds } of maxAgeDirectives(value)) {
    if (seconds > lifetime) throw configError(field, `${name} ${seconds} outlives the signature (${lifetime} s)`, `Use a ${name} of at most ${lifetime}`);
  }
  return value;
}

export function checkPrefixOption(value: unknown, field: string): string {
  if (value === undefined || value === '') return '';
  if (typeof value !== 'string' || value.startsWith('/') || !value.endsWith('/') || value.includes('//')) {
    throw configError(field, `expected a key prefix like 'pdf/' (no leading "/", ending in "/"), got ${describeValue(value)}`, "Use e.g. 'pdf/' or leave it out");
  }
  if (value.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw configError(field, 'a key prefix may not contain "." or ".." segments', "Use e.g. 'pdf/'");
  }
  return value;
}
