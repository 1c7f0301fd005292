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
    throw new AccelError('ERR_ACCEL_INVALID_INPUT', 'object key is not well-formed Unicode (lone surrogate)', {
      status: 400,
      cause,
    });
  }
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

const ENCODED_DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * Encodes an object key once per segment, keeping `/` as the separator (so `a//b` and a
 * trailing `/` survive). Keys that contain a `.` or `..` segment are refused: a browser
 * resolves them before sending the request, so a signed URL for them can never work.
 */
export function encodeObjectKey(key: string, options: EncodeObjectKeyOptions = {}): string {
  const refuseEncoded = options.refuseEncodedDots === true;
  const encode = NEEDS_ENCODING.test(key);
  // One pass over the segments checks and encodes them (every cache miss signs through here).
  const segments = key.split('/');
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index] as string;
    // SECURITY: refuses `.` and `..` segments, which browsers and CDNs normalise away.
    if (segment === '.' || segment === '..' || (refuseEncoded && ENCODED_DOT_SEGMENT.test(segment))) {
      throw new AccelError('ERR_ACCEL_INVALID_INPUT', 'object key has a "." or ".." segment, which browsers resolve before sending', {
        status: 400,
      });
    }
    if (encode) segments[index] = encodeSegment(segment);
  }
  return encode ? segments.join('/') : key;
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
