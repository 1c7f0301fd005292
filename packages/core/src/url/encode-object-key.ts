import { AccelError } from '../errors/accel-error.js';

const RESERVED_BY_ENCODE_URI_COMPONENT = /[!'()*]/g;
const NEEDS_ENCODING = /[^A-Za-z0-9\-._~/]/;

function escapeSubDelim(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
}

/**
 * Percent-encodes one path segment the RFC 3986 way: only unreserved characters
 * (`A-Z a-z 0-9 - . _ ~`) stay literal, UTF-8 bytes are upper-case `%XX`. This is the
 * encoding S3's SigV4 canonical URI and CloudFront's signed resource both expect.
 */
export function encodeSegment(segment: string): string {
  try {
    return encodeURIComponent(segment).replace(RESERVED_BY_ENCODE_URI_COMPONENT, escapeSubDelim);
  } catch (cause) {
    throw notWellFormed(cause);
  }
}

function notWellFormed(cause: unknown): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', 'object key is not well-formed Unicode (lone surrogate)', { status: 400, cause });
}

export interface EncodeObjectKeyOptions {
  /**
   * Also refuse segments that are dots once percent-decoded (`%2e`, `.%2E`, `%2e%2e`…). Such a key is
   * almost always a path that was encoded twice, and proxies or CDNs that decode before normalising
   * would resolve it. S3 presigning turns this on.
   * @default false
   */
  refuseEncodedDots?: boolean;
}

// A `.` or `..` segment anywhere in a key; the second also catches them percent-encoded (`%2e`, `.%2E`, `%2e%2e`…).
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;
const DOT_OR_ENCODED_DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
// After encodeURIComponent over a whole key: its five literal sub-delimiters, and its `%2F`, which can only be a
// slash of the key (a `%` of the key became `%25`), put back as the separator.
const AFTER_WHOLE_KEY = /[!'()*]|%2F/g;

function fixAfterWholeKey(match: string): string {
  return match === '%2F' ? '/' : escapeSubDelim(match);
}

/**
 * Encodes an object key once per segment, keeping `/` as the separator (so `a//b` and a
 * trailing `/` survive). Keys that contain a `.` or `..` segment are refused: a browser
 * resolves them before sending the request, so a signed URL for them can never work.
 */
export function encodeObjectKey(key: string, options: EncodeObjectKeyOptions = {}): string {
  // SECURITY: refuses `.` and `..` segments, which browsers and CDNs normalise away.
  if ((options.refuseEncodedDots === true ? DOT_OR_ENCODED_DOT_SEGMENT : DOT_SEGMENT).test(key)) {
    throw new AccelError('ERR_ACCEL_INVALID_INPUT', 'object key has a "." or ".." segment, which browsers resolve before sending', {
      status: 400,
    });
  }
  if (!NEEDS_ENCODING.test(key)) return key;
  // One encodeURIComponent over the whole key, not one per segment: every cache miss signs through here.
  try {
    return encodeURIComponent(key).replace(AFTER_WHOLE_KEY, fixAfterWholeKey);
  } catch (cause) {
    throw notWellFormed(cause);
  }
}

/**
 * Joins a base URL (ending in `/`) and a raw object key into the URL that goes on the wire.
 * The base is taken as already encoded; the key is encoded per segment.
 */
export function joinObjectUrl(baseUrl: string, key: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const relative = key.startsWith('/') ? key.slice(1) : key;
  return base + encodeObjectKey(relative);
}
