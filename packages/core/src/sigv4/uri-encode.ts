import { encodeSegment } from '../url/encode-object-key.js';

/**
 * SigV4 `UriEncode()`: RFC 3986 unreserved characters stay literal, every other UTF-8 byte
 * becomes upper-case `%XX`. `/` is kept only when `keepSlash` is set (object key paths);
 * query names and values always encode it.
 */
export function uriEncode(value: string, keepSlash = false): string {
  if (!keepSlash) return encodeSegment(value);
  return value.split('/').map(encodeSegment).join('/');
}

/** Fast check for strings that `uriEncode` would return unchanged. */
export const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;
