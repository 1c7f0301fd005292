import type { Agent, ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
// The only file that imports http-proxy: swap this file to change the forwarding engine.
import httpProxy from 'http-proxy';

/** What the proxy needs from a forwarding engine. */
export interface Forwarder {
  /** Sends `req` upstream; exactly one of `onResponse` and `onError` is called. The body is not piped to `res`. */
  web(req: IncomingMessage, res: ServerResponse, onResponse: (upstream: IncomingMessage) => void, onError: (error: Error) => void): void;
  /** Tunnels a WebSocket (or other) upgrade; `onError` is called if the upstream cannot be reached. */
  ws(req: IncomingMessage, socket: Duplex, head: Buffer, onError: (error: Error) => void): void;
  /** Called with every upstream HTTP request as soon as it has a socket (to arm timeouts and aborts). */
  onUpstreamRequest(listener: (upstream: ClientRequest, req: IncomingMessage, res: ServerResponse) => void): void;
  close(): void;
}

type ResponseListener = (upstream: IncomingMessage) => void;

// Called without the per-call options argument on purpose: http-proxy then skips copying its options
// object on every request.
type WebCall = (req: IncomingMessage, res: ServerResponse, callback: (error: Error) => void) => void;
type WsCall = (req: IncomingMessage, socket: Duplex, head: Buffer, callback: (error: Error) => void) => void;

/** A forwarder on `http-proxy` with `selfHandleResponse`, keeping upstream connections alive through `agent`. */
export function createForwarder(target: URL, agent: Agent): Forwarder {
  const proxy = httpProxy.createProxyServer({ target: target.href, agent, selfHandleResponse: true, xfwd: false, ws: true });
  const listeners = new WeakMap<IncomingMessage, ResponseListener>();
  proxy.on('proxyRes', (upstream, req) => {
    const listener = listeners.get(req);
    listeners.delete(req);
    listener?.(upstream);
  });
  // A client that went away while the upstream request was in flight: http-proxy aborts it and tells us here.
  proxy.on('econnreset', (_error, req) => listeners.delete(req));
  const web = proxy.web.bind(proxy) as unknown as WebCall;
  const ws = proxy.ws.bind(proxy) as unknown as WsCall;
  return {
    web(req, res, onResponse, onError) {
      listeners.set(req, onResponse);
      web(req, res, (error: Error) => {
        listeners.delete(req);
        onError(error);
      });
    },
    ws(req, socket, head, onError) {
      ws(req, socket, head, (error: Error) => onError(error));
    },
    onUpstreamRequest(listener) {
      proxy.on('proxyReq', (upstream, req, res) => listener(upstream, req, res));
    },
    close() {
      proxy.close();
    },
  };
}
