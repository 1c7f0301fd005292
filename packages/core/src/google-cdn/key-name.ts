import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';

// The Compute API's rule for signed URL key names (RFC 1035 labels): it is also what keeps a name safe to put
// into URLs and cookies without escaping.
const KEY_NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** True for a name Cloud CDN accepts for a signed request key. */
export function isKeyName(value: unknown): value is string {
  return typeof value === 'string' && KEY_NAME.test(value);
}

/** Checks a key name at startup. SECURITY: it goes into URLs and cookies unescaped. */
export function checkKeyName(value: unknown, field: string): string {
  if (!isKeyName(value)) {
    throw configError(field, `expected a Cloud CDN key name (1-63 of a-z, 0-9 and "-", starting with a letter, not ending with "-"), got ${describeValue(value)}`, 'Use the name given to gcloud compute backend-buckets (or backend-services) add-signed-url-key --key-name, e.g. "my-key"');
  }
  return value;
}
