import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';

// Cloud Storage bucket names: lower-case letters, digits, `-`, `_` and `.`, starting and ending with a letter or
// digit; 3-63 characters, or up to 222 with dots (each dot-separated part at most 63).
const BUCKET = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
const IPV4_LIKE = /^\d+\.\d+\.\d+\.\d+$/;

/** SECURITY: the bucket goes into the host name or the path; anything outside the GCS alphabet could point the URL elsewhere. */
export function checkBucketName(value: unknown, field: string): string {
  const valid = typeof value === 'string' && BUCKET.test(value) && !IPV4_LIKE.test(value) &&
    (value.includes('.') ? value.split('.').every((part) => part.length > 0 && part.length <= 63) : value.length <= 63);
  if (!valid) {
    throw configError(field, `expected a Cloud Storage bucket name (3-63 of a-z 0-9 - _ ., up to 222 with dots, not an IP address), got ${describeValue(value)}`, 'Use the bucket name only, e.g. acme-media');
  }
  return value as string;
}

/** True when the bucket can be the first label of a host name under a wildcard TLS certificate. */
export function isVirtualHostable(bucket: string): boolean {
  return !bucket.includes('.') && !bucket.includes('_');
}
