import { configError, describeValue } from '@cdn-accel/core/internal';
import { NAMED_LOCATION_RELAY, RELAYED_APP_HEADERS, relayHeaderName } from './app-headers.js';

/** Where `cdn-accel serve` listens: `"127.0.0.1:8081"`, `"[::1]:8081"`, or host and port. */
export type BackendAddress = string | { host: string; port: number };

/** A location prefix Nginx reads as one literal token: no spaces, quotes, braces, `;`, `$` or `#`. */
const PLAIN_PREFIX = /^\/[^\s"'{};$#\\]*$/;
/** A named location, as cdn-accel's `@name` keys are written. */
const PLAIN_NAME = /^@[A-Za-z0-9_-]+$/;
const PLAIN_HOST = /^[A-Za-z0-9.\-:]+$/;

function backendUrl(address: BackendAddress): string {
  const parsed = typeof address === 'string' ? /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(address) : null;
  const host = typeof address === 'string' ? (parsed?.[1] ?? parsed?.[2]) : address?.host;
  const port = typeof address === 'string' ? Number(parsed?.[3]) : address?.port;
  if (typeof host !== 'string' || !PLAIN_HOST.test(host) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw configError('listen', `expected "host:port" or { host, port }, got ${describeValue(address)}`, 'Give the address cdn-accel serve listens on, e.g. "127.0.0.1:8081"');
  }
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** `$accel_content_disposition` for `Content-Disposition`. */
function variableFor(header: string): string {
  return `$accel_${header.toLowerCase().replace(/-/g, '_')}`;
}

/**
 * The Nginx `location` block that makes `cdn-accel serve` the backend of the internal location `prefix`: Nginx
 * keeps checking `internal`, follows the app's `X-Accel-Redirect` there, and passes the request (the internal
 * path, the client's headers, the client's address and the app's relayed headers) to `listen`. For a named
 * location (`@files`) Nginx passes the client's original request URI instead, and the block says which name led
 * there in `X-Accel-App-X-Accel-Redirect`.
 *
 * `$upstream_http_*` still names the app's response while the location's `set` directives run (the rewrite
 * phase); `proxy_pass` then starts a new upstream request and those variables name its, still empty, response.
 * So each relayed header is saved first and sent from the saved variable. Every relayed name is always set: a
 * `proxy_set_header` with an empty value sends nothing and also keeps a client's header of that name from
 * passing.
 */
export function nginxInternalBackendSnippet(prefix: string, listen: BackendAddress): string {
  const named = typeof prefix === 'string' && PLAIN_NAME.test(prefix);
  if (typeof prefix !== 'string' || !(named || PLAIN_PREFIX.test(prefix))) {
    throw configError('prefix', `expected a path prefix such as "/protected/" or a name such as "@files", got ${describeValue(prefix)}`, 'Give the internal location\'s prefix (it must start with "/" and hold no spaces, quotes, braces, ";", "$" or "#") or its @name (letters, digits, "_", "-")');
  }
  const url = backendUrl(listen);
  const lines = [
    `location ${prefix} {`,
    ...(named ? ['    # A named location is internal by nature; Nginx passes the client\'s original URI, which names the object.'] : ['    internal;']),
    '    # The app\'s response headers: $upstream_http_* names the app\'s response only until proxy_pass starts its own.',
    ...RELAYED_APP_HEADERS.map((name) => `    set ${variableFor(name)} $upstream_http_${name.toLowerCase().replace(/-/g, '_')};`),
    `    proxy_pass ${url};`,
    '    # The app has read the body already; cdn-accel has no use for it.',
    '    proxy_pass_request_body off;',
    '    proxy_set_header Content-Length "";',
    '    proxy_set_header X-Real-IP $remote_addr;',
    '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    ...RELAYED_APP_HEADERS.map((name) => `    proxy_set_header ${relayHeaderName(name)} ${variableFor(name)};`),
    ...(named ? [`    proxy_set_header ${NAMED_LOCATION_RELAY} ${prefix};`] : []),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
