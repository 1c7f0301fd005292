import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** The status for a request Node's parser gave up on: as Node's own default handler answers it. */
export function clientErrorStatus(error: Error): 400 | 408 | 431 {
  const code = (error as { code?: string }).code;
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  // headersTimeout or requestTimeout ran out before the request was complete.
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/** Answers a request that could not be parsed (or did not arrive in time) and closes its connection. */
export function answerClientError(error: Error, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = clientErrorStatus(error);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
