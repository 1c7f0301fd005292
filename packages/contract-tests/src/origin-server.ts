import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A real `node:http` server on 127.0.0.1, port 0: an app, an upstream or an origin (CDN, S3) in a test. */
export interface TestServer {
  url: string;
  port: number;
  server: Server;
  /** Requests received, in order. */
  requests: IncomingMessage[];
  /** Resolves when the socket of the `index`th request closes. */
  closed(index: number): Promise<void>;
  /** Sockets currently open. */
  openSockets(): number;
  /** Distinct sockets ever seen. */
  socketsSeen(): number;
  /** Destroys every open socket, then closes the server. */
  close(): Promise<void>;
}

/** Starts a server that answers with `handler` and records what it receives. */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  let seen = 0;
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  server.on('connection', (socket) => {
    seen += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    requests,
    closed: (index) =>
      new Promise((resolve) => {
        const socket = requests[index]?.socket;
        if (socket === undefined || socket.destroyed) resolve();
        else socket.once('close', () => resolve());
      }),
    openSockets: () => sockets.size,
    socketsSeen: () => seen,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A tiny object server in the CDN's manner: 200, 206 for a Range, 416 past the end, 304 for a matching
 * If-None-Match, 404 elsewhere; with the CDN's own headers (`x-amz-*`) that must never reach a client.
 */
export function objectHandler(objects: Record<string, Buffer>) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const body = objects[new URL(req.url ?? '/', 'http://x').pathname];
    if (body === undefined) {
      res.writeHead(404, { 'Content-Type': 'application/xml' }).end('<Error>NoSuchKey</Error>');
      return;
    }
    const common = { ETag: '"v1"', 'Last-Modified': 'Sat, 28 Nov 2026 10:00:00 GMT', 'Accept-Ranges': 'bytes', 'x-amz-request-id': 'R1', 'x-amz-id-2': 'origin-host-id', 'Content-Type': 'application/octet-stream' };
    if (req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304, common).end();
      return;
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (range !== null) {
      const start = Number(range[1]);
      const end = Math.min(Number(range[2]), body.length - 1);
      if (start >= body.length) {
        res.writeHead(416, { ...common, 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, { ...common, 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': end - start + 1 });
      res.end(req.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { ...common, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
