import type { IncomingMessage } from 'node:http';

/** The parts of a request the verifiers read, taken once from Node's request. */
export interface RequestFacts {
  method: string;
  /** `Host` header as sent: a signed resource names it, so it is compared, never rewritten. */
  host: string;
  /** The request target as sent (path and query, still percent-encoded). */
  target: string;
  /** Path part of the target, without the query. */
  rawPath: string;
  /** The full URL the client asked for, `http://host/target`, which CloudFront compares with the signed resource. */
  url: string;
  query: URLSearchParams;
  cookies: Record<string, string>;
}

/** Parses `Cookie` without decoding values: CloudFront cookie values are URL-safe base64 already. */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  // SECURITY: no prototype, so a cookie named `__proto__` is data, not an assignment to the prototype.
  const cookies: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of (header ?? '').split(';')) {
    const index = pair.indexOf('=');
    if (index <= 0) continue;
    const name = pair.slice(0, index).trim();
    let value = pair.slice(index + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    // The first cookie of a name wins, as browsers send the most specific path first.
    if (!Object.hasOwn(cookies, name)) cookies[name] = value;
  }
  return cookies;
}

export function requestFacts(req: IncomingMessage): RequestFacts {
  const host = req.headers.host ?? '';
  const target = req.url ?? '/';
  const queryIndex = target.indexOf('?');
  const rawPath = queryIndex === -1 ? target : target.slice(0, queryIndex);
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    host,
    target,
    rawPath,
    url: `http://${host}${target}`,
    query: new URLSearchParams(queryIndex === -1 ? '' : target.slice(queryIndex + 1)),
    cookies: parseCookieHeader(req.headers.cookie),
  };
}

/** The socket's peer address, with IPv4-mapped IPv6 (`::ffff:127.0.0.1`) written as IPv4. */
export function socketClientIp(req: IncomingMessage): string | undefined {
  const address = req.socket.remoteAddress;
  return address?.startsWith('::ffff:') ? address.slice(7) : address;
}
