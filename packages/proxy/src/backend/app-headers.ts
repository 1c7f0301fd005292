import type { IncomingHttpHeaders } from 'node:http';
import type { AccelResponseView } from '@cdn-accel/core';

/**
 * The app's response headers that the internal location relays, each as a request header named `X-Accel-App-`
 * + its own name. Nginx keeps the app's other rules itself (Set-Cookie, X-Accel-Limit-Rate, X-Accel-Charset).
 */
export const RELAYED_APP_HEADERS = ['Content-Disposition', 'Cache-Control', 'Expires', 'Accept-Ranges', 'Content-Type', 'X-Accel-Expires'] as const;

/** The request header that carries the app's response header `name`. */
export function relayHeaderName(name: string): string {
  return `X-Accel-App-${name}`;
}

const RELAYED = new Map<string, string>(RELAYED_APP_HEADERS.map((name) => [name.toLowerCase(), relayHeaderName(name).toLowerCase()]));

/** The request header a named location's block sets to its own name (`@files`). */
export const NAMED_LOCATION_RELAY = relayHeaderName('X-Accel-Redirect');
const NAMED_RELAY = NAMED_LOCATION_RELAY.toLowerCase();

/**
 * The `@name` a request came through, from the header a named location's block sets, or undefined. In a named
 * location Nginx passes the client's original URI, which no internal location's prefix covers.
 * SECURITY: so the header is only read for a request target under none of the `prefixes`: every request Nginx sends
 * through a prefix location's block falls under that prefix, and a client's own header of that name (which Nginx
 * passes on) can then never turn it into another location.
 */
export function relayedName(target: string, headers: IncomingHttpHeaders, prefixes: readonly string[]): string | undefined {
  const name = headers[NAMED_RELAY];
  if (typeof name !== 'string' || !name.startsWith('@')) return undefined;
  const mark = target.indexOf('?');
  const path = mark === -1 ? target : target.slice(0, mark);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  return prefixes.some((prefix) => prefix.startsWith('/') && (path.startsWith(prefix) || decoded.startsWith(prefix))) ? undefined : name;
}

/**
 * What the engine would have read on the app's response: `X-Accel-Redirect` is the request target Nginx sent
 * (the internal path and query), the relayed headers come from their `X-Accel-App-*` request headers. Nothing
 * else: a header the internal location does not set may have come from the client.
 */
export function internalResponseView(target: string, headers: IncomingHttpHeaders): AccelResponseView {
  return {
    getHeader(name) {
      const lower = name.toLowerCase();
      if (lower === 'x-accel-redirect') return target;
      const relayed = RELAYED.get(lower);
      return relayed === undefined ? undefined : headers[relayed];
    },
  };
}

/**
 * App headers that Nginx itself adds to the client's response after an X-Accel-Redirect, as a list that the
 * backend's own header of that name would be appended to (`ngx_http_upstream_headers_in`: copied, not replaced).
 */
const KEPT_BY_NGINX = ['content-disposition', 'cache-control', 'expires', 'accept-ranges'] as const;

/**
 * The headers to leave off a streamed response because the app sent them and Nginx already adds them: the
 * client would otherwise get them twice. Those the app did not send come from the CDN as usual.
 */
export function headersNginxAdds(headers: IncomingHttpHeaders): ReadonlySet<string> {
  const names = new Set<string>();
  for (const name of KEPT_BY_NGINX) if (headers[RELAYED.get(name) as string] !== undefined) names.add(name);
  return names;
}
