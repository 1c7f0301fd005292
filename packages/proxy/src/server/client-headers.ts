import type { IncomingMessage } from 'node:http';

/**
 * Internal headers: `X-Accel-*` (including `X-Accel-Mapping`), `X-Sendfile*` (including `X-Sendfile-Type`)
 * and `X-Lighttpd-*`. Only the app may set them, on its response.
 */
export function isInternalHeader(name: string): boolean {
  if (name.length < 9 || (name.charCodeAt(0) | 0x20) !== 0x78 || name.charCodeAt(1) !== 0x2d) return false;
  const lower = name.toLowerCase();
  return lower.startsWith('x-accel-') || lower.startsWith('x-sendfile') || lower.startsWith('x-lighttpd-');
}

/**
 * Request headers that belong to the client's hop, not to the upstream one. `Expect: 100-continue` is met
 * here: Node's server has already answered the client's expectation, and Nginx clears `Expect` towards
 * the upstream too.
 */
const HOP_BY_HOP = ['keep-alive', 'proxy-connection', 'proxy-authorization', 'expect'];

/**
 * Prepares the client's request for the app: removes internal headers a client must not send and the
 * client connection's own headers, so that the upstream connection stays alive.
 */
export function sanitizeClientRequest(req: IncomingMessage): void {
  const headers = req.headers;
  for (const name in headers) {
    // SECURITY: a client-sent X-Sendfile-Type / X-Accel-Mapping makes Rack::Sendfile (CVE-2025-61780) and
    // similar middlewares serve arbitrary files; a client-sent X-Accel-Redirect could fool the app itself.
    if (isInternalHeader(name)) delete headers[name];
  }
  for (const name of HOP_BY_HOP) delete headers[name];
  const connection = headers.connection;
  if (connection !== undefined && !/\bupgrade\b/i.test(connection)) delete headers.connection;
}
