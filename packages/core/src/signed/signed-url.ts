import { AccelError } from '../errors/accel-error.js';
import { unsafePath } from '../errors/unsafe-path.js';
import type { HostAllowList } from './host-allow-list.js';

/** Bytes a URL path keeps as they are: RFC 3986 pchar and "/", `%` escapes included. */
const PATH_CHAR = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/;
const HEX = /^[0-9A-Fa-f]{2}$/;

function unmapped(): AccelError {
  // The message goes to clients (404, expose): it never names the host that was refused.
  return new AccelError('ERR_ACCEL_UNMAPPED', 'Not Found (the host is not on the location\'s allow-list)', { status: 404 });
}

/**
 * The path as the app signed it. The one percent-decoding the engine did already turned Zulip's double-escaped
 * path into the single-escaped one S3 signed, so `%XX` escapes stay byte for byte; only what cannot stand in a
 * URL path (space, `?`, `#`, quotes, controls, non-ASCII, a `%` that starts no escape) is escaped, as every HTTP
 * client would.
 */
function wirePath(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; i += 1) {
    const char = path[i] as string;
    if (char === '%' && HEX.test(path.slice(i + 1, i + 3))) out += char;
    else if (PATH_CHAR.test(char)) out += char;
    else {
      const code = path.codePointAt(i) as number;
      const whole = String.fromCodePoint(code);
      out += encodeURIComponent(whole);
      i += whole.length - 1;
    }
  }
  return out;
}

/**
 * `https://<host>/<path>?<query>` from the key after the location prefix (`<host>/<path>`) and the app's query.
 * Throws ERR_ACCEL_UNMAPPED (404) when the host is not on `hosts`, ERR_ACCEL_UNSAFE_PATH (404) for a path that
 * would not reach the object as signed.
 */
export function signedObjectUrl(key: string, query: string, hosts: HostAllowList, protocol: 'https' | 'http'): string {
  const slash = key.indexOf('/');
  // SECURITY: the host is the first segment of the decoded path, matched exactly against the allow-list: an IP
  // in another notation, userinfo, a port not listed, a percent-escape, a trailing dot or a Unicode look-alike
  // is not on it. This is the SSRF boundary of the location.
  const host = slash === -1 ? undefined : hosts.match(key.slice(0, slash));
  if (host === undefined) throw unmapped();
  const path = wirePath(key.slice(slash + 1));
  // SECURITY: `%2e%2e` segments are resolved by URL parsers, browsers and CDNs like `..`: refused as the engine refuses literal ones.
  if (path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment))) throw unsafePath('encoded dot segment');
  const url = `${protocol}://${host}/${path}${query === '' ? '' : `?${query}`}`;
  // A host that matches a wildcard yet is no valid name (`xn--acme.…`, which is not Punycode) fails to parse, and
  // not the same way everywhere: Node 22's parser refuses it, Node 24's takes it. It reaches no object: refused.
  const parsed = URL.parse(url);
  // SECURITY: what a URL parser (the stream fetch, the browser) reads must be the host that was allowed and the path that was built.
  if (parsed === null || parsed.host !== host || parsed.protocol !== `${protocol}:` || parsed.pathname !== `/${path}`) throw unmapped();
  return url;
}

/**
 * The same URL from a key that is the URL itself, `<protocol>://<host>/<path>` (GOV.UK's form). Throws
 * ERR_ACCEL_UNMAPPED (404) when the key does not start with exactly that scheme, then as signedObjectUrl.
 */
export function signedUrlOfUrlKey(key: string, query: string, hosts: HostAllowList, protocol: 'https' | 'http'): string {
  // SECURITY: the scheme is compared exactly: no `HTTPS://`, no `http://` on an https location, no `https:/x`.
  // What follows goes through the host form's allow-list and re-parse.
  if (!key.startsWith(protocol) || key.charCodeAt(protocol.length) !== 0x3a || !key.startsWith('//', protocol.length + 1)) throw unmapped();
  return signedObjectUrl(key.slice(protocol.length + 3), query, hosts, protocol);
}
