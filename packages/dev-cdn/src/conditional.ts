import fresh from 'fresh';
import type { Validators } from './validators.js';

/** Request headers as Node gives them: lower-case names. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** What the conditional headers (RFC 9110 §13) say: go on, answer 304, or answer 412. */
export type ConditionalOutcome = 'proceed' | 'not-modified' | 'precondition-failed';

function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function parseEtagList(value: string): string[] {
  return value.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '');
}

function parseHttpDate(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function ifMatchFails(value: string, validators: Validators): boolean {
  if (value.trim() === '*') return false;
  // Strong comparison: a weak tag never matches If-Match.
  return !parseEtagList(value).includes(validators.etag);
}

function ifUnmodifiedSinceFails(value: string, validators: Validators): boolean {
  const since = parseHttpDate(value);
  return since !== undefined && validators.lastModifiedMs > since;
}

/**
 * Evaluates If-Match / If-Unmodified-Since (412) then If-None-Match / If-Modified-Since (304) in the
 * order RFC 9110 §13.2.2 gives, for GET and HEAD.
 */
export function evaluateConditions(headers: RequestHeaders, validators: Validators): ConditionalOutcome {
  const ifMatch = header(headers, 'if-match');
  if (ifMatch !== undefined) {
    if (ifMatchFails(ifMatch, validators)) return 'precondition-failed';
  } else {
    const ifUnmodifiedSince = header(headers, 'if-unmodified-since');
    if (ifUnmodifiedSince !== undefined && ifUnmodifiedSinceFails(ifUnmodifiedSince, validators)) return 'precondition-failed';
  }
  const conditional = headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined;
  if (conditional && fresh(headers, { etag: validators.etag, 'last-modified': validators.lastModified })) return 'not-modified';
  return 'proceed';
}

/** `If-Range`: the Range header applies only while the representation is still the one the client has. */
export function ifRangeAllows(headers: RequestHeaders, validators: Validators): boolean {
  const ifRange = header(headers, 'if-range');
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === validators.etag;
  const date = parseHttpDate(value);
  return date !== undefined && validators.lastModifiedMs <= date;
}
