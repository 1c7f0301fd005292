import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { endToEndHeaders } from './hop-by-hop.js';

/** Hop-by-hop headers a 101 must carry to the client: they say what the connection switches to. */
const SWITCHING = new Set(['upgrade']);

/**
 * Completes an upgrade the app accepted: sends the client the app's `101` with the same header rules as any
 * other response (no internal header, no hop-by-hop header but `Upgrade` and `Connection: Upgrade`), then
 * joins the two connections byte for byte. Either side closing or failing closes the other.
 */
export function switchProtocols(response: IncomingMessage, upstream: Duplex, upstreamHead: Buffer, client: Duplex, clientHead: Buffer): void {
  const { headers } = endToEndHeaders(response.rawHeaders, SWITCHING);
  let head = 'HTTP/1.1 101 Switching Protocols\r\n';
  for (let index = 0; index < headers.length; index += 2) head += `${headers[index]}: ${headers[index + 1]}\r\n`;
  head += 'Connection: Upgrade\r\n\r\n';
  const closeBoth = (): void => {
    client.destroy();
    upstream.destroy();
  };
  upstream.on('error', closeBoth);
  client.on('error', closeBoth);
  upstream.once('close', () => client.end());
  client.once('close', () => upstream.destroy());
  client.write(Buffer.from(head, 'latin1'));
  if (upstreamHead.length > 0) client.write(upstreamHead);
  if (clientHead.length > 0) upstream.write(clientHead);
  upstream.pipe(client);
  client.pipe(upstream);
}
