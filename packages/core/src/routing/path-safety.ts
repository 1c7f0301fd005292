import { unsafePath } from '../errors/unsafe-path.js';

/**
 * Checks an internal path (raw, then again after percent-decoding) the way Nginx's
 * `ngx_http_parse_unsafe_uri` does, and stricter: every segment must name something.
 */
export function assertSafePath(path: string): void {
  // SECURITY: only origin-relative paths; `//host/x` would be read as protocol-relative by a browser or URL parser.
  if (path.charCodeAt(0) !== 0x2f || path.charCodeAt(1) === 0x2f) throw unsafePath('not an absolute path');
  let segmentStart = 1;
  for (let i = 1; i <= path.length; i += 1) {
    const code = i === path.length ? 0x2f : path.charCodeAt(i);
    // SECURITY: NUL, CR, LF and other controls truncate or split headers and file names downstream.
    if (code < 0x20 || code === 0x7f) throw unsafePath('control character');
    // SECURITY: a backslash is a separator on Windows origins and in WHATWG URL parsing of special schemes.
    if (code === 0x5c) throw unsafePath('backslash');
    // SECURITY: lone surrogates cannot be encoded to UTF-8 and would fail signing later.
    if (code >= 0xd800 && code <= 0xdfff && !isWellFormedPair(path, i)) throw unsafePath('malformed Unicode');
    if (code !== 0x2f) continue;
    const length = i - segmentStart;
    // SECURITY: empty, `.` and `..` segments are resolved away by browsers and CDNs: they could escape the prefix.
    if (length === 0) throw unsafePath('empty path segment');
    if (length <= 2 && path.charCodeAt(segmentStart) === 0x2e && (length === 1 || path.charCodeAt(segmentStart + 1) === 0x2e)) {
      throw unsafePath('dot segment');
    }
    segmentStart = i + 1;
  }
}

function isWellFormedPair(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code <= 0xdbff) {
    const next = text.charCodeAt(index + 1);
    return next >= 0xdc00 && next <= 0xdfff;
  }
  const previous = text.charCodeAt(index - 1);
  return previous >= 0xd800 && previous <= 0xdbff;
}
