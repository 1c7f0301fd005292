import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** What a client saw of one exchange on a raw connection: every byte, and whether the proxy closed it. */
export interface RawOutcome {
  text: string;
  bytes: Buffer;
}

/**
 * Sends `request` as raw bytes and resolves with all that came back once the proxy closes the connection.
 * A proxy that leaves the exchange open never resolves it, and the test fails on mocha's timeout: every
 * exchange must end in a response or a close.
 */
export function rawExchange(port: number, request: string | Buffer): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.once('close', () => {
      const bytes = Buffer.concat(chunks);
      resolve({ text: bytes.toString('latin1'), bytes });
    });
    socket.write(request);
  });
}

/** The header block of a raw response, lower-cased names: `{ 'x-accel-redirect': [...] }`. */
export function rawResponseHeaders(text: string): Record<string, string[]> {
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  const headers: Record<string, string[]> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  return headers;
}

/** A raw TCP app: answers each connection's first request with `answer`, which writes bytes as the app would. */
export async function startRawApp(answer: (request: string, socket: Socket) => void): Promise<{ port: number; url: string; requests: string[]; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let received = '';
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      if (answered) return;
      received += chunk.toString('latin1');
      if (!received.includes('\r\n\r\n')) return;
      answered = true;
      requests.push(received);
      answer(received, socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
