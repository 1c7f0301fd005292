import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * An HTTP response on the connection of an upgrade request, for when the proxy answers it as an ordinary
 * request (the app did not switch protocols, or failed). Node's server hands such a connection over raw; a
 * `ServerResponse` on it lets every answer (pass-through, redirect, stream, refusal) be written by the same code
 * as for other requests. The connection closes once the response is done, as an upgrade's connection is not
 * kept alive.
 */
export function responseOnSocket(req: IncomingMessage, socket: Duplex): ServerResponse {
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as Socket);
  res.once('finish', () => {
    res.detachSocket(socket as Socket);
    socket.end();
  });
  return res;
}
