import { AccelError } from '../errors/accel-error.js';

/** CloudFront stores `AWS:EpochTime` as a signed 32-bit value: 2038-01-19T03:14:08Z is out of range. */
export const MAX_EPOCH_SECONDS = 2 ** 31 - 1;

// ISO-8601 date-time with an explicit zone: a string without one means different instants on different servers.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function invalidTime(field: string, problem: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', `${field}: ${problem}`, { status: 400 });
}

/** V8 rolls 2026-02-30 over to March 2: check the day exists in its month. */
export function isCalendarDate(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Converts a `Date` or an ISO-8601 string with a zone (`2026-01-01T18:00:00Z`, `…+02:00`) to epoch seconds.
 * A bare number is refused: seconds or milliseconds cannot be told apart (use `expiresIn` for a lifetime).
 * Sub-second parts round toward the safe side: `floor` for an expiry, `ceil` for a start time.
 */
export function toEpochSeconds(value: unknown, field: string, rounding: 'floor' | 'ceil'): number {
  let ms: number;
  if (value instanceof Date) {
    ms = value.getTime();
    if (Number.isNaN(ms)) throw invalidTime(field, 'is an Invalid Date');
  } else if (typeof value === 'string') {
    if (!ISO_WITH_ZONE.test(value)) {
      throw invalidTime(field, `"${value}" is not an ISO-8601 date-time with a zone. Write e.g. "2026-01-01T18:00:00Z", or pass a Date`);
    }
    ms = Date.parse(value);
    if (Number.isNaN(ms) || !isCalendarDate(value)) throw invalidTime(field, `"${value}" is not a real calendar date-time`);
  } else if (typeof value === 'number') {
    throw invalidTime(field, `a bare number (${value}) has no unit. Pass a Date, an ISO-8601 string with a zone, or use expiresIn (seconds)`);
  } else {
    throw invalidTime(field, `expected a Date or an ISO-8601 string, got ${value === null ? 'null' : typeof value}`);
  }
  return checkRange(rounding === 'floor' ? Math.floor(ms / 1000) : Math.ceil(ms / 1000), field);
}

/** Refuses instants CloudFront cannot encode (before 1970 or beyond 2^31 seconds). */
export function checkRange(seconds: number, field: string): number {
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_EPOCH_SECONDS) {
    throw invalidTime(field, `${seconds} is outside the epoch range CloudFront accepts (0 to 2^31-1 seconds, i.e. before 2038-01-19T03:14:08Z)`);
  }
  return seconds;
}
