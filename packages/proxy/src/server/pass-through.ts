import type { IncomingMessage, ServerResponse } from 'node:http';
import { isInternalHeader } from './client-headers.js';

/** Response headers that describe the upstream connection; Node frames the client response itself. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection']);

/** The upstream's headers as a flat raw list (original case, repeats kept), minus internal and hop-by-hop ones. */
export function passHeaders(upstream: IncomingMessage, skipAlso?: (lowerName: string) => boolean): string[] {
  const raw = upstream.rawHeaders;
  const out: string[] = [];
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index] as string;
    // SECURITY: X-Accel-*, X-Sendfile* and X-Lighttpd-* name internal paths: never shown to a client.
    if (isInternalHeader(name)) continue;
    const lower = name.toLowerCase();
    if (CONNECTION_HEADERS.has(lower) || skipAlso?.(lower) === true) continue;
    out.push(name, raw[index + 1] as string);
  }
  return out;
}

/**
 * Streams the upstream response to the client unchanged: status, headers, body as it arrives (no
 * buffering, so Server-Sent Events flow), and trailers. A failure on either side tears down the other.
 */
export function passThrough(upstream: IncomingMessage, res: ServerResponse): void {
  const status = upstream.statusCode ?? 502;
  res.writeHead(status, upstream.statusMessage, passHeaders(upstream));
  upstream.on('error', () => res.destroy());
  upstream.on('aborted', () => res.destroy());
  res.on('close', () => {
    if (!upstream.complete) upstream.destroy();
  });
  upstream.pipe(res, { end: false });
  upstream.on('end', () => {
    if (upstream.rawTrailers.length > 0) res.addTrailers(rawPairs(upstream.rawTrailers));
    res.end();
  });
}

function rawPairs(raw: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let index = 0; index < raw.length; index += 2) pairs.push([raw[index] as string, raw[index + 1] as string]);
  return pairs;
}
