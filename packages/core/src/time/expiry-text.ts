import { AccelError } from '../errors/accel-error.js';

/**
 * A signer's expiry as the decimal text it signs, remembered from the last call: the engine rounds expiries to a
 * window, so most calls repeat the previous one. Refuses anything but whole positive epoch seconds.
 */
export function expiryText(): (expiresAt: number) => string {
  let last = Number.NaN;
  let text = '';
  return (expiresAt) => {
    if (expiresAt !== last) {
      if (!Number.isSafeInteger(expiresAt) || expiresAt <= 0) {
        throw new AccelError('ERR_ACCEL_INVALID_INPUT', `expiresAt: expected whole seconds since the epoch, got ${String(expiresAt)}`, { status: 400 });
      }
      text = String(expiresAt);
      last = expiresAt;
    }
    return text;
  };
}
