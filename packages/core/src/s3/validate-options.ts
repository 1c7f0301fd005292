import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { assertDefaultExpiresIn } from './expiry.js';
import { DEFAULT_EXPIRES_IN, type S3PresignerOptions } from './options.js';

/** Checks the options that are not checked where they are used (endpoint, region, credentials). */
export function validatePresignerOptions(options: S3PresignerOptions): void {
  if (options === null || typeof options !== 'object') throw configError('options', `expected an options object, got ${describeValue(options)}`, 'Pass { region, … }');
  assertDefaultExpiresIn(options.expiresIn ?? DEFAULT_EXPIRES_IN);
  for (const field of ['credentialExpiryMargin', 'refreshBefore'] as const) {
    const value = options[field];
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw configError(field, `expected a number of seconds ≥ 0, got ${describeValue(value)}`, 'Pass seconds, e.g. 60');
    }
  }
  if (options.onCredentialExpiry !== undefined && options.onCredentialExpiry !== 'clamp' && options.onCredentialExpiry !== 'throw') {
    throw configError('onCredentialExpiry', `expected "clamp" or "throw", got ${describeValue(options.onCredentialExpiry)}`, 'Use "clamp" (the default) or "throw"');
  }
}
