import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
// The only file that imports http-proxy: WebSocket (and other) upgrades, tunnelled byte for byte.
import httpProxy from 'http-proxy';

/** Tunnels upgraded connections (WebSocket) to the app. */
export interface UpgradeTunnel {
  /** Tunnels `req` (with the bytes already read, `head`); `onError` is called if the upstream cannot be reached. */
  ws(req: IncomingMessage, socket: Duplex, head: Buffer, onError: (error: Error) => void): void;
  close(): void;
}

type WsCall = (req: IncomingMessage, socket: Duplex, head: Buffer, callback: (error: Error) => void) => void;

/**
 * An upgrade tunnel on `http-proxy`. Each upgrade gets a connection of its own (an upgraded connection never
 * returns to a pool), so no agent is given.
 */
export function createUpgradeTunnel(target: URL): UpgradeTunnel {
  const proxy = httpProxy.createProxyServer({ target: target.href, xfwd: false, ws: true });
  // Called without the per-call options argument on purpose: http-proxy then skips copying its options.
  const ws = proxy.ws.bind(proxy) as unknown as WsCall;
  return {
    ws(req, socket, head, onError) {
      ws(req, socket, head, (error: Error) => onError(error));
    },
    close() {
      proxy.close();
    },
  };
}
