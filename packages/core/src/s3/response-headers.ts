import { AccelError } from '../errors/accel-error.js';
import { uriEncode } from '../sigv4/uri-encode.js';

/** Response header overrides S3 applies to a presigned GET/HEAD (signed, so nobody can change them). */
export interface ResponseHeaderOverrides {
  /** `response-content-disposition`; build it with `contentDispositionAttachment(name)`. */
  contentDisposition?: string;
  /** `response-content-type`. */
  contentType?: string;
  /** `response-cache-control`. */
  cacheControl?: string;
  /** `response-content-language`. */
  contentLanguage?: string;
  /** `response-content-encoding`. */
  contentEncoding?: string;
  /** `response-expires` (an HTTP date). */
  expires?: string;
}

/** In byte order of the query parameter names, which is the order SigV4 signs them in. */
export const RESPONSE_OVERRIDES = [
  ['cacheControl', 'response-cache-control'],
  ['contentDisposition', 'response-content-disposition'],
  ['contentEncoding', 'response-content-encoding'],
  ['contentLanguage', 'response-content-language'],
  ['contentType', 'response-content-type'],
  ['expires', 'response-expires'],
] as const satisfies ReadonlyArray<readonly [keyof ResponseHeaderOverrides, string]>;

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The `&response-…=…` tail of the canonical query string (already sorted), or `''`.
 * SECURITY: values become response headers; control characters (CR/LF) are refused so no header can be injected.
 */
export function responseOverridesQuery(overrides: ResponseHeaderOverrides | undefined): string {
  if (overrides === undefined) return '';
  let query = '';
  for (const [field, parameter] of RESPONSE_OVERRIDES) {
    const value = overrides[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || CONTROL.test(value)) {
      throw new AccelError('ERR_ACCEL_INVALID_INPUT', `responseHeaders.${field} must be a string without control characters`, { status: 400 });
    }
    query += `&${parameter}=${uriEncode(value)}`;
  }
  return query;
}
