import { AccelError } from '../errors/accel-error.js';
import type { Clock } from '../runtime/clock.js';
import { encodeObjectKey } from '../url/encode-object-key.js';
import type { PresignRequest } from './options.js';

const MAX_KEY_BYTES = 1024;

function invalid(message: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', message, { status: 400 });
}

export function assertRequest(request: unknown): asserts request is PresignRequest {
  if (request === null || typeof request !== 'object') throw invalid('presign() needs { bucket, key }');
}

export function methodOf(request: PresignRequest): 'GET' | 'HEAD' {
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') throw invalid(`method must be GET or HEAD, not ${String(method)}`);
  return method;
}

/** The key as it goes on the wire, encoded once per segment. */
export function encodeKey(key: unknown): string {
  // SECURITY: an empty key would presign the bucket itself (a listing), not an object.
  if (typeof key !== 'string' || key === '') throw invalid('key must be a non-empty string');
  // UTF-8 needs at most 3 bytes per UTF-16 unit, so short keys skip the byte count.
  if (key.length > MAX_KEY_BYTES / 3 && Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw invalid(`key is longer than S3's ${MAX_KEY_BYTES} bytes`);
  // SECURITY: dot segments (also %2e forms) are refused; browsers would resolve them to another object.
  return encodeObjectKey(key, { refuseEncodedDots: true });
}

export function signingTimeOf(request: PresignRequest, now: Clock): number {
  if (request.signingDate === undefined) return now();
  const time = request.signingDate instanceof Date ? request.signingDate.getTime() : Number.NaN;
  if (!Number.isFinite(time)) throw invalid('signingDate must be a valid Date');
  return time;
}
