import { AccelError } from '../errors/accel-error.js';
import { encodeObjectKey } from '../url/encode-object-key.js';

const MAX_NAME_BYTES = 1024;
const LINE_BREAK = /[\r\n]/;

function invalid(message: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', message, { status: 400 });
}

/**
 * An object name as it goes on the wire and into the canonical request: percent-encoded once per segment
 * (RFC 3986 unreserved kept, `/` kept), as Google's client libraries encode it.
 */
export function encodeObjectName(name: unknown, allowEmpty = false): string {
  if (typeof name !== 'string' || (name === '' && !allowEmpty)) throw invalid('key must be a non-empty object name');
  // UTF-8 needs at most 3 bytes per UTF-16 unit, so short names skip the byte count.
  if (name.length > MAX_NAME_BYTES / 3 && Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) throw invalid(`key is longer than Cloud Storage's ${MAX_NAME_BYTES} bytes`);
  if (LINE_BREAK.test(name)) throw invalid('key has a carriage return or line feed, which Cloud Storage object names cannot hold');
  // SECURITY: dot segments (also %2e forms) are refused; browsers would resolve them to another object.
  return encodeObjectKey(name, { refuseEncodedDots: true });
}
