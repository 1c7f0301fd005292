import { AccelError } from '../errors/accel-error.js';

// RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
const NOT_ATTR_CHAR = /[^A-Za-z0-9!#$&+\-.^_`|~]/gu;
const NOT_PLAIN_ASCII = /[^\x20-\x7e]/g;
const HAS_NON_ASCII = /[^\x20-\x7e]/;
const LONE_SURROGATE = /\p{Cs}/u;
const QUOTED_SPECIALS = /["\\]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function percentEncodeUtf8(char: string): string {
  return [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/**
 * `Content-Disposition` for a download that keeps its file name (RFC 6266): a quoted ASCII
 * `filename` for old clients plus `filename*=UTF-8''…` (RFC 8187) whenever the name is not plain ASCII.
 * `contentDispositionAttachment('résumé.pdf')` → `attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`.
 */
export function contentDispositionAttachment(filename: string, options: { inline?: boolean } = {}): string {
  // SECURITY: control characters (CR/LF) in a header value would split the response.
  if (typeof filename !== 'string' || filename === '' || CONTROL.test(filename)) {
    throw new AccelError('ERR_ACCEL_INVALID_INPUT', 'filename must be a non-empty string without control characters', { status: 400 });
  }
  if (LONE_SURROGATE.test(filename)) {
    throw new AccelError('ERR_ACCEL_INVALID_INPUT', 'filename is not well-formed Unicode (lone surrogate)', { status: 400 });
  }
  const type = options.inline === true ? 'inline' : 'attachment';
  const fallback = filename.replace(NOT_PLAIN_ASCII, '_').replace(QUOTED_SPECIALS, '\\$&');
  const header = `${type}; filename="${fallback}"`;
  if (!HAS_NON_ASCII.test(filename) && !/["\\]/.test(filename)) return header;
  return `${header}; filename*=UTF-8''${filename.replace(NOT_ATTR_CHAR, percentEncodeUtf8)}`;
}
