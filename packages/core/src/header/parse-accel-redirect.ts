import { unsafePath } from '../errors/unsafe-path.js';
import { assertSafePath } from '../routing/path-safety.js';
import { headerText } from './header-bytes.js';

/** Longest `X-Accel-Redirect` value accepted; far above any real key (S3 keys stop at 1,024 bytes). */
const MAX_REDIRECT_LENGTH = 4096;

/** An `X-Accel-Redirect` value split the Nginx way. */
export interface ParsedRedirect {
  /** The path, percent-decoded once, checked safe. */
  path: string;
  /** What followed the first literal `?`, verbatim except that bytes unsafe in a URL are percent-encoded ('' when none). */
  query: string;
  /** The entry of `urlPrefixes` the value starts with, when one does (its path's `//` was allowed there). */
  urlPrefix?: string;
}

const NO_URL_PREFIXES: readonly string[] = [];

const QUERY_NEEDS_ENCODING = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/;

/**
 * Parses an `X-Accel-Redirect` value like Nginx (`ngx_http_parse_unsafe_uri`): read its bytes as UTF-8 where
 * they are (headerText), trim, split at the first literal `?`, check, percent-decode the path once if it holds
 * a `%`, check again. Throws
 * `ERR_ACCEL_UNSAFE_PATH` (404) for anything that is not a plain origin-relative path.
 */
export function parseAccelRedirect(raw: string, urlPrefixes: readonly string[] = NO_URL_PREFIXES): ParsedRedirect {
  // SECURITY: bound the work done on a hostile value.
  if (raw.length > MAX_REDIRECT_LENGTH) throw unsafePath('too long');
  const value = headerText(raw).trim();
  if (value.length === 0) throw unsafePath('empty');
  const mark = value.indexOf('?');
  const rawPath = mark === -1 ? value : value.slice(0, mark);
  const query = mark === -1 ? '' : encodeQuery(value.slice(mark + 1));
  const urlPrefix = urlPrefixes.length === 0 ? undefined : urlPrefixOf(rawPath, urlPrefixes);
  // SECURITY: a location whose keys are URLs (`<prefix>https://host/path`) gets the one literal `//` after
  // `<prefix>https:` and no other: what follows it is checked as a path of its own, as strictly as any path.
  // The prefix is literal text checked at startup, so a `%2F%2F` spelling never matches and is refused below.
  const skip = urlPrefix === undefined ? 0 : urlPrefix.length - 1;
  assertSafePath(skip === 0 ? rawPath : rawPath.slice(skip));
  if (rawPath.indexOf('%') === -1) return urlPrefix === undefined ? { path: rawPath, query } : { path: rawPath, query, urlPrefix };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    // SECURITY: malformed escapes or invalid UTF-8 have no single meaning: refuse rather than guess.
    throw unsafePath('malformed percent-encoding');
  }
  // SECURITY: checked again after decoding, so `%2e%2e`, `%2F%2F`, `%00`, `%5C` are refused like their literals.
  assertSafePath(skip === 0 ? decoded : decoded.slice(skip));
  return urlPrefix === undefined ? { path: decoded, query } : { path: decoded, query, urlPrefix };
}

function urlPrefixOf(path: string, urlPrefixes: readonly string[]): string | undefined {
  for (const prefix of urlPrefixes) if (path.startsWith(prefix)) return prefix;
  return undefined;
}

function encodeQuery(query: string): string {
  for (let i = 0; i < query.length; i += 1) {
    const code = query.charCodeAt(i);
    // SECURITY: CR/LF or any control in the query would split the Location header.
    if (code < 0x20 || code === 0x7f) throw unsafePath('control character');
  }
  if (!QUERY_NEEDS_ENCODING.test(query)) return query;
  // Space, `#`, quotes and non-ASCII would change the URL's meaning on the wire: encode them, keep the rest.
  let out = '';
  for (const char of query) out += QUERY_NEEDS_ENCODING.test(char) ? encodeChar(char) : char;
  return out;
}

function encodeChar(char: string): string {
  try {
    return encodeURIComponent(char);
  } catch {
    throw unsafePath('malformed Unicode');
  }
}
