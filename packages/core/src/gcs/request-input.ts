import { AccelError, configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import type { Clock } from '../runtime/clock.js';

/** Cloud Storage refuses V4 signed URLs valid for more than 7 days. */
export const MAX_EXPIRES_IN = 604_800;
export const DEFAULT_EXPIRES_IN = 900;

function invalid(message: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', message, { status: 400 });
}

function isExpiresIn(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_EXPIRES_IN;
}

export function checkDefaultExpiresIn(value: unknown): number {
  if (value === undefined) return DEFAULT_EXPIRES_IN;
  if (!isExpiresIn(value)) {
    throw configError('expiresIn', `expected a whole number of seconds from 1 to ${MAX_EXPIRES_IN}, got ${describeValue(value)}`, 'Use e.g. 300; Cloud Storage refuses signed URLs valid for more than 7 days');
  }
  return value;
}

export function expiresInOf(requested: unknown, fallback: number): number {
  if (requested === undefined) return fallback;
  if (!isExpiresIn(requested)) throw invalid(`expiresIn ${String(requested)} must be a whole number of seconds from 1 to ${MAX_EXPIRES_IN} (7 days)`);
  return requested;
}

export function signingTimeOf(signingDate: unknown, now: Clock): number {
  if (signingDate === undefined) return now();
  const time = signingDate instanceof Date ? signingDate.getTime() : Number.NaN;
  if (!Number.isFinite(time)) throw invalid('signingDate must be a valid Date');
  return time;
}

export function urlMethodOf(method: unknown): 'GET' | 'HEAD' {
  if (method === undefined) return 'GET';
  if (method !== 'GET' && method !== 'HEAD') throw invalid(`method must be GET or HEAD, not ${String(method)}`);
  return method;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** An HTTP method for the general path: an upper-case token. */
export function requestMethodOf(method: unknown): string {
  if (typeof method !== 'string' || !TOKEN.test(method) || method !== method.toUpperCase()) throw invalid(`method must be an upper-case HTTP method, got ${describeValue(method)}`);
  return method;
}

export function checkRequest(request: unknown): void {
  if (typeof request !== 'object' || request === null) throw invalid('expected a request object such as { key }');
}
