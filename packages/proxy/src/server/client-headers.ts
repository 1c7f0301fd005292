import type { IncomingMessage } from 'node:http';
import { isAccelHeader } from '@cdn-accel/core';
import { connectionTokens } from './hop-by-hop.js';

/**
 * Request headers that belong to the client's hop, not to the upstream one. `Expect: 100-continue` is met
 * here: Node's server has already answered the client's expectation, and Nginx clears `Expect` towards
 * the upstream too. `Proxy-Authorization` was meant for this proxy.
 */
const CLIENT_HOP = ['keep-alive', 'proxy-connection', 'proxy-authorization', 'expect', 'te'];

/** Headers that frame or address the request: a `Connection` header that names them does not remove them. */
const FRAMING = new Set(['host', 'content-length', 'transfer-encoding']);

/**
 * Prepares the client's request for the app: removes internal headers a client must not send, the client
 * connection's own headers and those its `Connection` header names (RFC 9110 §7.6.1), so that the upstream
 * connection stays alive. An upgrade keeps `Connection: upgrade` and `Upgrade`, which the upstream hop needs.
 */
export function sanitizeClientRequest(req: IncomingMessage): void {
  const headers = req.headers;
  for (const name in headers) {
    // SECURITY: a client-sent X-Sendfile-Type / X-Accel-Mapping makes Rack::Sendfile (CVE-2025-61780) and
    // similar middlewares serve arbitrary files; a client-sent X-Accel-Redirect could fool the app itself.
    if (isAccelHeader(name)) delete headers[name];
  }
  // HTTP/2 names the host in its :authority pseudo-header; the app gets it as Host (the forwarder leaves the
  // pseudo-headers, which Node's request object reads its method and path from, on this side).
  const authority = headers[':authority'];
  if (headers.host === undefined && typeof authority === 'string') headers.host = authority;
  for (const name of CLIENT_HOP) delete headers[name];
  const connection = headers.connection;
  if (connection === undefined) return;
  const named = connectionTokens(connection);
  const upgrading = named.has('upgrade') && headers.upgrade !== undefined;
  // SECURITY: a header the client names in `Connection` is meant for this hop only; it must not reach the app.
  for (const name of named) if (!FRAMING.has(name) && !(upgrading && name === 'upgrade')) delete headers[name];
  if (upgrading) headers.connection = 'upgrade';
  else delete headers.connection;
}
