import type { ServerResponse } from 'node:http';
import type { UpstreamResponse } from './upstream-exchange.js';
import { isInternalHeader } from './client-headers.js';

/** Response headers that describe the upstream connection; Node frames the client response itself. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection']);

/**
 * Copies the upstream's headers into `out` as a flat raw list (original case, repeats kept), minus internal
 * and hop-by-hop ones. Returns whether the body is chunked, the only kind that can end in trailers.
 */
function passHeaders(raw: readonly string[], out: string[]): boolean {
  let chunked = false;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index] as string;
    // SECURITY: X-Accel-*, X-Sendfile* and X-Lighttpd-* name internal paths: never shown to a client.
    if (isInternalHeader(name)) continue;
    const lower = name.toLowerCase();
    if (CONNECTION_HEADERS.has(lower)) {
      if (lower === 'transfer-encoding') chunked = true;
      continue;
    }
    out.push(name, raw[index + 1] as string);
  }
  return chunked;
}

/**
 * Streams the upstream response to the client unchanged: status, headers, body as it arrives (no
 * buffering, so Server-Sent Events flow), and trailers. A failure on either side tears down the other.
 */
export function passThrough(upstream: UpstreamResponse, res: ServerResponse): void {
  const headers: string[] = [];
  const chunked = passHeaders(upstream.rawHeaders, headers);
  res.writeHead(upstream.statusCode, upstream.statusMessage, headers);
  upstream.pipe(res, chunked);
}
