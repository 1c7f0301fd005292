import { AccelError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { checkRange, toEpochSeconds } from './epoch-seconds.js';

/** When the signature stops being valid: an absolute instant or a lifetime in seconds from the signer's clock. */
export type Expiry = { dateLessThan: Date | string; expiresIn?: never } | { expiresIn: number; dateLessThan?: never };

/** The validity window of one signature, in epoch seconds. */
export interface Validity {
  dateLessThan: number;
  dateGreaterThan: number | undefined;
}

export interface ResolveValidityOptions {
  /** Sign even when the expiry is already past by `nowMs` (the CLI does, and warns). @default false */
  allowPastExpiry?: boolean;
}

function invalid(message: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', message, { status: 400 });
}

function expirySeconds(expiry: { dateLessThan?: unknown; expiresIn?: unknown }, nowMs: number): number {
  if (expiry.expiresIn !== undefined) {
    if (expiry.dateLessThan !== undefined) throw invalid('policy: give either dateLessThan or expiresIn, not both');
    const lifetime = expiry.expiresIn;
    if (typeof lifetime !== 'number' || !Number.isFinite(lifetime) || lifetime <= 0) {
      throw invalid(`policy.expiresIn: expected a positive number of seconds, got ${describeValue(lifetime)}`);
    }
    return checkRange(Math.floor(nowMs / 1000 + lifetime), 'policy.expiresIn');
  }
  if (expiry.dateLessThan === undefined) {
    throw invalid('policy: an expiry is required (dateLessThan: Date | ISO-8601 string, or expiresIn: seconds)');
  }
  return toEpochSeconds(expiry.dateLessThan, 'policy.dateLessThan', 'floor');
}

/**
 * Turns a policy's time fields into epoch seconds and checks them against the signer's clock:
 * the expiry must be in the future, and a start time must come before the expiry.
 */
export function resolveValidity(
  policy: Expiry & { dateGreaterThan?: Date | string },
  nowMs: number,
  options: ResolveValidityOptions = {},
): Validity {
  if (typeof policy !== 'object' || policy === null) throw invalid('policy: expected an object with dateLessThan or expiresIn');
  const dateLessThan = expirySeconds(policy, nowMs);
  if (options.allowPastExpiry !== true && dateLessThan * 1000 <= nowMs) {
    throw invalid(`policy: the expiration (${new Date(dateLessThan * 1000).toISOString()}) is already past by the signer's clock (${new Date(nowMs).toISOString()})`);
  }
  const dateGreaterThan = policy.dateGreaterThan === undefined ? undefined : toEpochSeconds(policy.dateGreaterThan, 'policy.dateGreaterThan', 'ceil');
  if (dateGreaterThan !== undefined && dateGreaterThan >= dateLessThan) {
    throw invalid(`policy: the active date (dateGreaterThan ${dateGreaterThan}) must be before the expiration date (dateLessThan ${dateLessThan})`);
  }
  return { dateLessThan, dateGreaterThan };
}
