import { AccelError } from '../errors/accel-error.js';
import { uriEncode } from '../sigv4/uri-encode.js';

/** The response headers a Cloud Storage signed URL can set (signed, so nobody can change them). */
export interface GcsResponseOverrides {
  /** `response-content-disposition`; build it with `contentDispositionAttachment(name)`. */
  contentDisposition?: string;
  /**
   * `response-content-type`. Reported ignored for an object whose metadata has a Content-Type; set the type there
   * to be sure.
   */
  contentType?: string;
}

/** In byte order of the parameter names, the order they are signed in (after every `X-Goog-` name). */
const OVERRIDES = [
  ['contentDisposition', 'response-content-disposition'],
  ['contentType', 'response-content-type'],
] as const satisfies ReadonlyArray<readonly [keyof GcsResponseOverrides, string]>;

export const RESPONSE_PARAMETERS: readonly string[] = OVERRIDES.map(([, parameter]) => parameter);

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The `&response-…=…` tail of the canonical query string (already sorted), or `''`.
 * SECURITY: values become response headers; control characters (CR/LF) are refused so no header can be injected.
 */
export function responseOverridesQuery(overrides: GcsResponseOverrides | undefined): string {
  if (overrides === undefined) return '';
  let query = '';
  for (const [field, parameter] of OVERRIDES) {
    const value = overrides[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || CONTROL.test(value)) {
      throw new AccelError('ERR_ACCEL_INVALID_INPUT', `responseHeaders.${field} must be a string without control characters`, { status: 400 });
    }
    query += `&${parameter}=${uriEncode(value)}`;
  }
  for (const field of Object.keys(overrides)) {
    if (field !== 'contentDisposition' && field !== 'contentType' && (overrides as Record<string, unknown>)[field] !== undefined) {
      throw new AccelError('ERR_ACCEL_INVALID_INPUT', `responseHeaders.${field}: Cloud Storage signed URLs can only set contentDisposition and contentType`, { status: 400 });
    }
  }
  return query;
}
