import { AccelError } from '../errors/accel-error.js';

// Legacy (us-east-1) names allow upper case and `_`, up to 255 characters; path style serves them.
const ANY_BUCKET = /^[A-Za-z0-9._-]{3,255}$/;
// What can be a DNS label under an S3 host and match the wildcard TLS certificate: no dots.
const VIRTUAL_HOSTABLE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const IPV4_LIKE = /^\d+\.\d+\.\d+\.\d+$/;

/** SECURITY: the bucket goes into the host name or the path; anything outside S3's alphabet could redirect the URL elsewhere. */
export function assertBucketName(bucket: unknown): asserts bucket is string {
  if (typeof bucket !== 'string' || !ANY_BUCKET.test(bucket) || IPV4_LIKE.test(bucket)) {
    throw new AccelError(
      'ERR_ACCEL_INVALID_INPUT',
      `bucket ${JSON.stringify(bucket)} is not a valid S3 bucket name (3–255 of A-Z a-z 0-9 . _ -, not an IP address)`,
      { status: 400 },
    );
  }
}

/** True when the bucket can be the first label of the host (virtual-hosted style over HTTPS). */
export function isVirtualHostable(bucket: string): boolean {
  return VIRTUAL_HOSTABLE.test(bucket);
}
