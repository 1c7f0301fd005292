import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LocalOrigin {
  url: string;
  server: Server;
  /** Requests the origin received, in order. */
  requests: IncomingMessage[];
  /** Resolves when the socket of the `index`th request closes. */
  closed(index: number): Promise<void>;
  /** Sockets currently open on the origin. */
  openSockets(): number;
  close(): Promise<void>;
}

/** A real `node:http` origin on 127.0.0.1:0 that answers with `handler`. */
export async function startOrigin(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalOrigin> {
  const requests: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    closed: (index) =>
      new Promise((resolve) => {
        const socket = requests[index]?.socket;
        if (socket === undefined || socket.destroyed) resolve();
        else socket.once('close', () => resolve());
      }),
    openSockets: () => sockets.size,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A tiny object server: 200, 206 for a Range, 304 for a matching If-None-Match, 404 elsewhere. */
export function objectHandler(objects: Record<string, Buffer>) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const body = objects[new URL(req.url ?? '/', 'http://x').pathname];
    if (body === undefined) {
      res.writeHead(404, { 'Content-Type': 'application/xml' }).end('<Error>NoSuchKey</Error>');
      return;
    }
    const common = { ETag: '"v1"', 'Last-Modified': 'Sat, 28 Nov 2026 10:00:00 GMT', 'Accept-Ranges': 'bytes', 'x-amz-request-id': 'R1', 'Content-Type': 'application/octet-stream' };
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
