import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * Sets `X-Forwarded-For`, `-Proto` and `-Host` for the app. With `trust: false` (the proxy is the edge)
 * what the client sent is replaced; with `trust: true` (a load balancer in front) the client address is
 * appended to `X-Forwarded-For` and the existing `-Proto`/`-Host` are kept.
 */
export function setForwardedHeaders(req: IncomingMessage, trust: boolean): void {
  const headers = req.headers;
  const address = req.socket.remoteAddress ?? '';
  const proto = (req.socket as TLSSocket).encrypted === true ? 'https' : 'http';
  const host = headers.host ?? '';
  const prior = headers['x-forwarded-for'];
  if (trust) {
    headers['x-forwarded-for'] = prior === undefined || prior === '' ? address : `${prior}, ${address}`;
    headers['x-forwarded-proto'] ??= proto;
    headers['x-forwarded-host'] ??= host;
    return;
  }
  // SECURITY: at the edge a client-sent X-Forwarded-For would let anyone pose as any address to the app.
  headers['x-forwarded-for'] = address;
  headers['x-forwarded-proto'] = proto;
  headers['x-forwarded-host'] = host;
}

/**
 * The client's address for the engine (`ip: 'client'` locations): the TCP peer at the edge; behind a trusted
 * load balancer, the last `X-Forwarded-For` entry, the one that balancer added. Read before
 * `setForwardedHeaders` appends the peer.
 */
export function clientAddress(req: IncomingMessage, trust: boolean): string | undefined {
  const prior = req.headers['x-forwarded-for'];
  if (trust && typeof prior === 'string' && prior !== '') {
    const last = prior.slice(prior.lastIndexOf(',') + 1).trim();
    if (last !== '') return last;
  }
  return req.socket.remoteAddress;
}
