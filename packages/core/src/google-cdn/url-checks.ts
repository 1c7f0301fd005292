import { AccelError } from '../errors/accel-error.js';

// What a browser sends unchanged: a lower-case http(s) scheme and host (or IP literal), an optional port, a path,
// and a query of RFC 3986 characters. Browsers percent-encode anything else (spaces, non-ASCII, `"`, `<`, `{`…,
// and `'` in a query), lower-case the host, and resolve `.`/`..` segments (also as `%2e`), so a URL with them
// would be signed in one spelling and requested in another. One expression, as every signature passes here.
const PATH_AND_QUERY = String.raw`(?:\/(?!(?:\.|%2[eE]){1,2}(?:[/?]|$))[A-Za-z0-9\-._~:[\]@!$&'()*+,;=%]*)+(?:\?[A-Za-z0-9\-._~:/?[\]@!$&()*+,;=%]*)?$`;
const WIRE_URL = new RegExp(String.raw`^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?` + PATH_AND_QUERY);
// The same from a given position (lastIndex) on: the rest of a URL whose start is a checked prefix.
const WIRE_REST = new RegExp(PATH_AND_QUERY, 'y');
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:[/?]|$)/i;
// Searched from the `?` on (lastIndex), so that a `&Expires=` inside the path does not count.
const SIGNING_PARAMETER = /[?&](?:Expires|KeyName|Signature|URLPrefix)(?:[=&]|$)/g;

function invalid(field: string, problem: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', `${field}: ${problem}`, { status: 400 });
}

function explain(url: unknown, field: string): AccelError {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return invalid(field, `expected an absolute http:// or https:// URL, got ${typeof url === 'string' ? JSON.stringify(url.slice(0, 80)) : typeof url}`);
  if (url.includes('#')) return invalid(field, 'remove the fragment (#…): browsers do not send it, so Cloud CDN cannot match it');
  if (/^https?:\/\/[^/?]*[A-Z]/.test(url) || /^[A-Z]/.test(url)) return invalid(field, 'write the scheme and host in lower case, as browsers send them');
  if (/^https?:\/\/[^/]*@/.test(url)) return invalid(field, 'remove the user:password@ part');
  if (!/^https?:\/\/[^/?]+\//.test(url)) return invalid(field, 'add a "/" after the host (browsers request "/" for an empty path)');
  const query = url.indexOf('?');
  // SECURITY: a dot segment would be signed here and resolved away by the browser: another URL than the one signed.
  if (DOT_SEGMENT.test(query === -1 ? url : url.slice(0, query))) return invalid(field, 'the path has a "." or ".." segment, which browsers resolve before sending');
  return invalid(field, 'percent-encode spaces, non-ASCII, control characters and "<>\\"^`{|}" (and \' in the query), as browsers do (encodeObjectKey / joinObjectUrl)');
}

/**
 * Checks a URL before it is signed: the exact bytes a browser will request, no fragment, no `.`/`..` segment, no
 * Cloud CDN signing parameter, no empty query. Returns the separator for the signing parameters.
 */
export function checkUrlToSign(url: string, field = 'url'): '?' | '&' {
  if (typeof url !== 'string' || !WIRE_URL.test(url)) throw explain(url, field);
  return checkQuery(url, field);
}

function checkQuery(url: string, field: string): '?' | '&' {
  const query = url.indexOf('?');
  if (query === -1) return '?';
  if (query === url.length - 1) throw invalid(field, 'remove the empty "?" at the end');
  SIGNING_PARAMETER.lastIndex = query;
  // SECURITY: a second Expires/KeyName/Signature/URLPrefix would let the URL carry conflicting signing parameters.
  if (SIGNING_PARAMETER.test(url)) {
    throw invalid(field, 'the URL already carries a Cloud CDN signing parameter (Expires, KeyName, Signature or URLPrefix); sign the URL without them');
  }
  return '&';
}

/**
 * `checkUrlToSign` for a URL that must start with an already checked prefix: only the rest is read, from the
 * prefix's last `/` on (a `.`/`..` segment may begin inside the prefix).
 */
export function checkUrlUnderPrefix(url: string, urlPrefix: string, field = 'url'): '?' | '&' {
  // lastIndexOf from 0 is startsWith without its per-character overhead in V8; every prefix signature passes here.
  if (typeof url !== 'string' || url.lastIndexOf(urlPrefix, 0) !== 0) {
    // A prefix that does not cover the URL signs something Cloud CDN refuses with 403: fail here instead.
    if (typeof url === 'string' && WIRE_URL.test(url)) throw invalid('urlPrefix', `"${urlPrefix}" is not a prefix of the URL "${url}"; shorten the prefix or sign another URL`);
    throw explain(url, field);
  }
  WIRE_REST.lastIndex = urlPrefix.lastIndexOf('/');
  if (!WIRE_REST.test(url)) throw explain(url, field);
  return checkQuery(url, field);
}

/**
 * Checks a URL prefix (for `URLPrefix` and cookies): scheme, host and a path that starts with `/`; no query or
 * fragment, as Google documents. The `/` after the host is required: without it, `https://example.com` would
 * also cover `https://example.com.other.net/`.
 */
export function checkUrlPrefix(prefix: string, field = 'urlPrefix'): void {
  if (typeof prefix !== 'string' || !WIRE_URL.test(prefix)) throw explain(prefix, field);
  if (prefix.includes('?')) throw invalid(field, 'a URL prefix has no query string; end it at the path, e.g. https://media.example.com/videos/');
}
