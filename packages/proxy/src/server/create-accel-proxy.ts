import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { debuglog } from 'node:util';
import { isAccelError, type AccelDecision, type AccelRequest } from '@cdn-accel/core';
import { configError, isPromiseLike } from '@cdn-accel/core/internal';
import { recordAccess, type RequestRecord } from './access-log.js';
import { applyDecision } from './apply-decision.js';
import { answerClientError } from './client-error.js';
import { sanitizeClientRequest } from './client-headers.js';
import { clientAddress, setForwardedHeaders } from './forwarded-headers.js';
import { beginRequest } from './begin-request.js';
import { createForwarder, type UpstreamResponse } from './forwarder.js';
import { listenOn, plainListener, tlsListener, type AccelProxyServer, type ProxyTlsOptions } from './listener.js';
import { rawHeaderView } from './raw-header-view.js';
import { originForm } from './request-target.js';
import { checkTls, resolveProxyOptions, type AccelProxyOptions } from './options.js';
import { sendFailure, upstreamFailureStatus } from './upstream-failure.js';
import { responseOnSocket } from './socket-response.js';
import { switchProtocols } from './switch-protocols.js';
import { createUpgradeForwarder } from './upgrade-forwarder.js';

const debug = debuglog('cdn-accel:proxy');

/** The proxy `createAccelProxy` returns: a ready `http.Server`, or its handlers to mount elsewhere. */
export interface AccelProxy {
  /**
   * The server wired to `handler` and `upgrade`, not yet listening: an `http.Server`, or with `tls` an
   * `http2.Http2SecureServer` that speaks HTTP/2 and HTTP/1.1.
   */
  readonly server: AccelProxyServer;
  /** The request handler, to mount in an existing `http.Server` (`createServer(proxy.handler)`). */
  handler(req: IncomingMessage, res: ServerResponse): void;
  /** The `upgrade` listener: WebSocket (or any protocol) switches tunnelled, every other answer handled as by `handler`. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Starts `server` listening; resolves with the bound address. */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Graceful shutdown of `server`: stop accepting, finish requests in flight up to `shutdownTimeout`, close upstream connections. */
  close(): Promise<void>;
  /** Serves new TLS connections with another certificate and key (a renewal); connections already open keep theirs. */
  setTls(tls: ProxyTlsOptions): void;
}

/**
 * Creates the X-Accel reverse proxy: requests go to `upstream` (the app) through a keep-alive pool,
 * responses without `X-Accel-Redirect` stream back unchanged, the others are answered as the engine decides.
 */
export function createAccelProxy(options: AccelProxyOptions): AccelProxy {
  const config = resolveProxyOptions(options);
  const { accel, logger } = config;
  const forwarder = createForwarder(config.upstream, config.upstreamDispatcher, config.upstreamTimeout);
  const upgrades = createUpgradeForwarder(config.upstream, config.upstreamTimeout);
  const streamOptions = { timeout: config.streamTimeout };
  let closing = false;
  // Upgraded connections leave the HTTP server's bookkeeping: tracked here so that close() can end them.
  const tunnels = new Set<Duplex>();

  const fail = (res: ServerResponse, record: RequestRecord, error: unknown): void => {
    if (isAccelError(error)) {
      record.outcome = 'error';
      record.code = error.code;
      if (error.status >= 500) logger.error(`cdn-accel proxy: ${error.code}: ${error.message}`);
      sendFailure(res, error.status, error.expose ? error.message : undefined, error.headers);
      return;
    }
    // The documented code for the access log; the log line keeps the system's or undici's own for diagnosis.
    const cause = (error as { code?: string }).code ?? 'ERR_UNKNOWN';
    const status = upstreamFailureStatus(error as Error);
    record.outcome = 'error';
    record.code = 'ERR_ACCEL_UPSTREAM';
    logger.error(`cdn-accel proxy: ERR_ACCEL_UPSTREAM: upstream ${config.upstream.host} failed (${cause}): answering ${status}`);
    sendFailure(res, status);
  };

  const onUpstreamResponse = (req: IncomingMessage, res: ServerResponse, record: RequestRecord, upstream: UpstreamResponse, address: string | undefined): void => {
    const failDiscarding = (error: unknown): void => {
      upstream.abort();
      if (res.destroyed) return;
      fail(res, record, error);
    };
    const apply = (decision: AccelDecision): void | Promise<void> => {
      record.outcome = decision.kind;
      return applyDecision(decision, upstream, res, streamOptions);
    };
    const request: AccelRequest = { method: req.method ?? 'GET', headers: req.headers, url: originForm(req.url ?? '/') };
    if (address !== undefined) request.clientIp = address;
    try {
      const decided = accel.decide(request, rawHeaderView(upstream.rawHeaders));
      // Synchronous for pass-through and cache hits: no promise on the common paths.
      const applied = isPromiseLike(decided) ? decided.then(apply) : apply(decided);
      if (applied !== undefined) applied.then(undefined, failDiscarding);
    } catch (error) {
      failDiscarding(error);
    }
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const record = beginRequest(req, res, config, closing);
    if (record === undefined) return;
    sanitizeClientRequest(req);
    const address = clientAddress(req, config.trustForwarded);
    setForwardedHeaders(req, config.trustForwarded);
    forwarder.web(
      req,
      res,
      (upstream) => onUpstreamResponse(req, res, record, upstream, address),
      (error) => {
        debug('upstream error for %s %s: %s', req.method, req.url, error.message);
        fail(res, record, error);
      },
    );
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
    const res = responseOnSocket(req, socket);
    const record: RequestRecord = { outcome: 'pass' };
    if (config.accessLog !== false) recordAccess(req, res, record, config.accessLog, config.now);
    sanitizeClientRequest(req);
    const address = clientAddress(req, config.trustForwarded);
    setForwardedHeaders(req, config.trustForwarded);
    // SECURITY: the app may answer an upgrade request with anything; only a 101 becomes a tunnel, every other
    // answer goes through the engine, so asking to upgrade never bypasses X-Accel-Redirect or the header rules.
    upgrades.forward(req, socket, {
      onSwitch(response, upstream, upstreamHead) {
        res.detachSocket(socket as Socket);
        switchProtocols(response, upstream, upstreamHead, socket, head);
      },
      onResponse: (upstream) => onUpstreamResponse(req, res, record, upstream, address),
      onError(error) {
        debug('upgrade failed for %s %s: %s', req.method, req.url, error.message);
        fail(res, record, error);
      },
    });
  };

  const listener = config.tls === undefined ? plainListener(handler) : tlsListener(handler, config.tls);
  const server = listener.server;
  server.on('upgrade', upgrade);
  server.on('clientError', (error, socket) => {
    debug('client error: %s', error.message);
    answerClientError(error, socket);
  });

  return {
    server,
    handler,
    upgrade,
    listen: (port = 0, host = '127.0.0.1') => listenOn(server, port, host),
    close: async () => {
      closing = true;
      const cutTunnels = setTimeout(() => {
        for (const socket of tunnels) socket.destroy();
      }, config.shutdownTimeout);
      await listener.close(config.shutdownTimeout);
      clearTimeout(cutTunnels);
      if (config.ownsDispatcher) await config.upstreamDispatcher.destroy();
    },
    setTls: (tls) => {
      if (config.tls === undefined) throw configError('tls', 'cannot be set on a proxy created without it', 'Create the proxy with { tls } to serve HTTPS');
      (server as Extract<AccelProxyServer, { setSecureContext: unknown }>).setSecureContext(checkTls(tls) as ProxyTlsOptions);
    },
  };
}
