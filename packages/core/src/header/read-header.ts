import type { AccelResponseView } from '../contract/request.js';

/** What one header holds when an app set it more than once with different values. */
export const CONFLICTING = Symbol('conflicting header values');

/**
 * Reads a single-valued response header: `undefined` when absent, the value as a string otherwise.
 * An array (the app called `setHeader` with several values) collapses to its one distinct value, or
 * `CONFLICTING` when the values differ — Nginx refuses a duplicated X-Accel-Redirect the same way.
 */
export function readSingleHeader(view: AccelResponseView, name: string): string | typeof CONFLICTING | undefined {
  const value = view.getHeader(name);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value.length === 0) return undefined;
  const first = value[0] as string;
  for (let i = 1; i < value.length; i += 1) if (value[i] !== first) return CONFLICTING;
  return first;
}

/** Reads a header that may repeat (Cache-Control): several values join with `, ` as HTTP allows. */
export function readListHeader(view: AccelResponseView, name: string): string | undefined {
  const value = view.getHeader(name);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return value.length === 0 ? undefined : value.join(', ');
}
