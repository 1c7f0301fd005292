import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * Other headers through which apps and frameworks learn the client's address. Only the edge knows it: a
 * client that sends one of them is claiming an address it may not have.
 */
const CLIENT_ADDRESS_CLAIMS = ['forwarded', 'true-client-ip', 'x-client-ip', 'cf-connecting-ip', 'fastly-client-ip', 'x-cluster-client-ip'];

/**
 * Sets `X-Forwarded-For`, `-Proto`, `-Host` and `X-Real-IP` for the app. With `trust: false` (the proxy is the
 * edge) what the client sent is replaced, and the other client-address headers (`Forwarded`, `True-Client-IP`…)
 * are removed; with `trust: true` (a load balancer in front) the client address is appended to
 * `X-Forwarded-For` and the balancer's other headers are kept.
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
  // SECURITY: at the edge a client-sent X-Forwarded-For, X-Real-IP or Forwarded would let anyone pose as any
  // address to the app.
  headers['x-forwarded-for'] = address;
  headers['x-forwarded-proto'] = proto;
  headers['x-forwarded-host'] = host;
  headers['x-real-ip'] = address;
  for (const name of CLIENT_ADDRESS_CLAIMS) delete headers[name];
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
