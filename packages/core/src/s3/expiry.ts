import { AccelError, configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import type { AwsCredentials } from '../credentials/types.js';
import { MAX_EXPIRES_IN } from './options.js';

export function isValidExpiresIn(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_EXPIRES_IN;
}

export function assertDefaultExpiresIn(value: unknown): asserts value is number {
  if (!isValidExpiresIn(value)) {
    throw configError('expiresIn', `expected a whole number of seconds from 1 to ${MAX_EXPIRES_IN}, got ${describeValue(value)}`, 'Use e.g. 300; S3 refuses presigned URLs valid for more than 7 days');
  }
}

export interface ExpiryPolicy {
  onCredentialExpiry: 'clamp' | 'throw';
  marginMs: number;
}

/**
 * The `X-Amz-Expires` to sign: the requested lifetime, at most 7 days (refused beyond, as S3 would
 * refuse the URL), and never past the credentials' own expiry minus the margin (clamped or refused
 * per policy), because S3 stops honouring a URL when the credentials behind it expire.
 */
export function resolveExpiresIn(requested: number, signingTime: number, credentials: AwsCredentials, policy: ExpiryPolicy): number {
  if (!isValidExpiresIn(requested)) {
    throw new AccelError('ERR_ACCEL_INVALID_INPUT', `expiresIn ${String(requested)} must be a whole number of seconds from 1 to ${MAX_EXPIRES_IN} (7 days)`, { status: 400 });
  }
  if (credentials.expiration === undefined) return requested;
  const usable = Math.floor((credentials.expiration.getTime() - policy.marginMs - signingTime) / 1000);
  if (requested <= usable) return requested;
  if (usable < 1 || policy.onCredentialExpiry === 'throw') {
    throw new AccelError(
      'ERR_ACCEL_CREDENTIALS',
      `a URL valid for ${requested} s would outlive the temporary credentials (usable for ${Math.max(0, usable)} s more)`,
      { status: 500, expose: false },
    );
  }
  return usable;
}
