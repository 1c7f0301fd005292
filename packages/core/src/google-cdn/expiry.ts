import { AccelError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import type { Expiry } from '../time/resolve-validity.js';

// ISO-8601 date-time with an explicit zone: a string without one means different instants on different servers.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function invalid(message: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', message, { status: 400 });
}

function dateSeconds(value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' && ISO_WITH_ZONE.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw invalid(`expiry.dateLessThan: expected a Date or an ISO-8601 date-time with a zone (e.g. "2026-01-01T18:00:00Z"), got ${describeValue(value)}`);
  }
  return Math.floor(ms / 1000);
}

/**
 * The `Expires` value to sign, in epoch seconds: `dateLessThan` rounded down, or `expiresIn` seconds from the
 * clock. An expiry already past by the clock is refused unless `allowPastExpiry`.
 */
export function expiresAtSeconds(expiry: Expiry, nowMs: number, allowPastExpiry: boolean): number {
  let seconds: number;
  if (typeof expiry !== 'object' || expiry === null) throw invalid('expiry: expected { dateLessThan } or { expiresIn }');
  if (expiry.expiresIn !== undefined) {
    const lifetime = expiry.expiresIn;
    if (expiry.dateLessThan !== undefined) throw invalid('expiry: give either dateLessThan or expiresIn, not both');
    if (typeof lifetime !== 'number' || !(lifetime > 0) || !Number.isFinite(lifetime)) {
      throw invalid(`expiry.expiresIn: expected a positive number of seconds, got ${describeValue(lifetime)}`);
    }
    seconds = Math.floor(nowMs / 1000 + lifetime);
  } else {
    seconds = dateSeconds(expiry.dateLessThan);
  }
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw invalid(`expiry: ${seconds} is not an instant after 1970`);
  if (!allowPastExpiry && seconds * 1000 <= nowMs) {
    throw invalid(`expiry: ${new Date(seconds * 1000).toISOString()} is already past by the signer's clock (${new Date(nowMs).toISOString()})`);
  }
  return seconds;
}
