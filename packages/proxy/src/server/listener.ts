import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2SecureServer, type Http2Session, type SecureServerOptions } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { gracefulClose } from './graceful-close.js';

/** The server the proxy listens with: plain HTTP/1.1, or TLS with HTTP/2 and HTTP/1.1 (ALPN). */
export type AccelProxyServer = Server | Http2SecureServer;

/** The certificate and key the proxy serves HTTPS with, PEM. */
export interface ProxyTlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
  /** For an encrypted key. */
  passphrase?: string;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** A server and how to close it gracefully. */
export interface Listener {
  server: AccelProxyServer;
  /** Stops accepting, lets requests in flight finish, and after `timeoutMs` cuts whatever is left. */
  close(timeoutMs: number): Promise<void>;
}

/** Plain HTTP/1.1: Node's server keeps track of idle and busy connections itself. */
export function plainListener(handler: RequestHandler): Listener {
  const server = createServer(handler);
  return { server, close: (timeoutMs) => gracefulClose(server, timeoutMs) };
}

/**
 * HTTPS with HTTP/2, and HTTP/1.1 for clients that do not offer h2 (ALPN). Node's HTTP/2 server has no idle
 * connection tracking, so the listener keeps its own: HTTP/2 sessions are closed with GOAWAY (streams in flight
 * finish), HTTP/1.1 connections as soon as they have no request in flight.
 */
export function tlsListener(handler: RequestHandler, tls: ProxyTlsOptions): Listener {
  const sessions = new Set<Http2Session>();
  const http1 = new Map<TLSSocket, number>();
  let closing = false;
  const endIfIdle = (socket: TLSSocket): void => {
    if (closing && http1.get(socket) === 0) socket.end();
  };
  const options: SecureServerOptions = { allowHTTP1: true, cert: tls.cert, key: tls.key };
  if (tls.passphrase !== undefined) options.passphrase = tls.passphrase;
  const server = createSecureServer(options, (req, res) => {
    const socket = req.socket as TLSSocket;
    if (!http1.has(socket)) return (handler as unknown as (req: unknown, res: unknown) => void)(req, res);
    http1.set(socket, (http1.get(socket) ?? 0) + 1);
    res.once('close', () => {
      http1.set(socket, (http1.get(socket) ?? 1) - 1);
      endIfIdle(socket);
    });
    (handler as unknown as (req: unknown, res: unknown) => void)(req, res);
  });
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
    if (closing) session.close();
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    if (socket.alpnProtocol === 'h2') return;
    http1.set(socket, 0);
    socket.once('close', () => http1.delete(socket));
  });
  return {
    server,
    close: (timeoutMs) =>
      new Promise((resolve) => {
        closing = true;
        const deadline = setTimeout(() => {
          for (const session of sessions) session.destroy();
          for (const socket of http1.keys()) socket.destroy();
        }, timeoutMs);
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
        for (const session of sessions) session.close();
        for (const socket of http1.keys()) endIfIdle(socket);
      }),
  };
}

/** Starts `server` listening; resolves with the bound address, rejects with the listen error (EADDRINUSE…). */
export function listenOn(server: AccelProxyServer, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
