import type { ServerResponse } from 'node:http';
import { endToEndHeaders } from './hop-by-hop.js';
import { reasonPhrase, writeStatus } from './status-line.js';
import type { UpstreamResponse } from './upstream-exchange.js';

/**
 * Streams the upstream response to the client unchanged but for hop-by-hop and internal headers: status,
 * headers, body as it arrives (no buffering, so Server-Sent Events flow), and trailers by the same rules. A
 * failure on either side tears down the other.
 */
export function passThrough(upstream: UpstreamResponse, res: ServerResponse): void {
  const { headers, chunked, dropped } = endToEndHeaders(upstream.rawHeaders);
  writeStatus(res, upstream.statusCode, reasonPhrase(upstream.statusCode, upstream.statusMessage), headers);
  upstream.pipe(res, chunked ? dropped : undefined);
}
