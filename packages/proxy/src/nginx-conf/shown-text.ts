import type { Directive } from './parse.js';

/**
 * Directives whose arguments are paths, addresses, sizes, times, patterns or variable names: printed as written.
 * SECURITY: any other directive may carry a credential (`secure_link_secret`, `aws_secret_key`, `set $token …`,
 * a module this list has never heard of), so the report shows its name and how many arguments it has, never them.
 */
const ARGUMENTS_SHOWN = new Set([
  'location', 'alias', 'root', 'proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass', 'listen', 'server_name',
  'internal', 'limit_rate', 'limit_rate_after', 'expires', 'upstream', 'server', 'include', 'ssl_certificate',
  'ssl_certificate_key', 'secure_link', 'proxy_hide_header', 'proxy_ssl_server_name', 'proxy_http_version', 'proxy_buffering',
  'proxy_intercept_errors', 'proxy_pass_request_body', 'proxy_pass_request_headers', 'proxy_ignore_headers', 'resolver',
  'resolver_timeout', 'proxy_cache', 'proxy_cache_valid', 'proxy_cache_key', 'proxy_cache_bypass', 'proxy_cache_lock', 'slice',
  'try_files', 'index', 'proxy_ssl_name', 'http', 'events', 'autoindex', 'sendfile', 'tcp_nopush', 'default_type', 'charset',
]);

/** Directives that set a header: the name is printed, the value only for headers that hold no credential. */
const HEADER_SETTERS = new Set(['add_header', 'proxy_set_header', 'more_set_headers', 'more_set_input_headers']);

/** Headers whose values are no secret (addresses, caching, content and security policies). */
const HARMLESS_HEADERS = new Set([
  'host', 'x-real-ip', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded', 'connection',
  'upgrade', 'range', 'if-range', 'accept-encoding', 'cache-control', 'expires', 'pragma', 'vary', 'content-type',
  'content-disposition', 'content-language', 'x-content-type-options', 'x-frame-options', 'x-xss-protection', 'referrer-policy',
  'strict-transport-security', 'content-security-policy', 'permissions-policy', 'cross-origin-resource-policy',
  'cross-origin-opener-policy', 'cross-origin-embedder-policy', 'x-robots-tag', 'accept-ranges', 'access-control-allow-origin',
  'access-control-allow-methods', 'access-control-allow-headers', 'access-control-expose-headers', 'access-control-max-age',
  'access-control-allow-credentials', 'timing-allow-origin', 'x-download-options', 'x-permitted-cross-domain-policies',
]);

/** Whether the report may print the value of header `name` (a header this list does not know is not printed). */
export function headerValueShown(name: string): boolean {
  return HARMLESS_HEADERS.has(name.toLowerCase());
}

/** A URL with any `user:password@` and query left out: either may hold a credential. */
export function safeUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1…@').replace(/\?.*$/s, '?…');
}

function quoted(arg: string): string {
  return /[\s;{}"']/.test(arg) || arg === '' || /\p{Cc}/u.test(arg) ? JSON.stringify(arg) : arg;
}

/** An `if` condition made of variables, operators and short numbers or empty strings (`if ($secure_link = "")`). */
const CONDITION_PART = /^(?:\(?\$\{?[A-Za-z0-9_]+\}?\)?|!?[=~]\*?|!?-[fdex]|\(?\d{0,3}\)?|\)?)$/;

/** The arguments of `directive` as the report may print them. */
export function shownArgs(directive: Directive): string[] {
  const { name, args } = directive;
  if (HEADER_SETTERS.has(name) && args.length >= 1) {
    const [header = '', ...rest] = args;
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(header)) return [`(${args.length} arguments, not shown)`];
    const empty = rest.every((value) => value === '');
    return [header, ...(headerValueShown(header) || empty ? rest.map(quoted) : ['(value not shown)'])];
  }
  if (name === 'set' && args.length === 2 && /^\$[A-Za-z0-9_]+$/.test(args[0] as string)) return [args[0] as string, '(value not shown)'];
  if (name === 'if' && args.every((arg) => CONDITION_PART.test(arg))) return args.map(quoted);
  if (ARGUMENTS_SHOWN.has(name)) return args.map((arg) => quoted(name === 'proxy_pass' || name.endsWith('_pass') ? safeUrl(arg) : arg));
  return args.length === 0 ? [] : [`(${args.length} argument${args.length === 1 ? '' : 's'}, not shown)`];
}
