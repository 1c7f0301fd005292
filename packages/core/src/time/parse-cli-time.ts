import { AccelError } from '../errors/accel-error.js';
import { checkRange, isCalendarDate } from './epoch-seconds.js';

const EPOCH = /^\d{1,12}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses a time the way `aws cloudfront sign` does: epoch seconds (`1767290400`), a date (`2026-01-01`,
 * midnight UTC) or an ISO-8601 date-time (UTC when it has no zone). Returns a `Date`.
 */
export function parseCliTime(text: string, option: string): Date {
  const value = text.trim();
  let ms = Number.NaN;
  if (EPOCH.test(value)) ms = checkRange(Number(value), option) * 1000;
  else if (DATE_ONLY.test(value)) ms = Date.parse(`${value}T00:00:00Z`);
  else {
    const match = DATE_TIME.exec(value);
    if (match !== null) ms = Date.parse(match[1] === undefined ? `${value}Z` : value);
  }
  if (Number.isNaN(ms) || (!EPOCH.test(value) && !isCalendarDate(value))) {
    throw new AccelError('ERR_ACCEL_INVALID_INPUT', `${option}: "${text}" is not epoch seconds or an ISO-8601 date (e.g. 1767290400, 2026-01-01, 2026-01-01T18:00:00Z)`, { status: 400 });
  }
  return new Date(ms);
}
