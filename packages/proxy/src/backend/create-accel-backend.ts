import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { debuglog } from 'node:util';
import { isAccelError, type AccelDecision, type AccelRequest } from '@cdn-accel/core';
import { urlWithoutQuery, type RequestRecord } from '../server/access-log.js';
import { answerClientError } from '../server/client-error.js';
import { beginRequest } from '../server/begin-request.js';
import { listenOn, plainListener } from '../server/listener.js';
import { originForm } from '../server/request-target.js';
import { sendFailure } from '../server/upstream-failure.js';
import { writeRedirect, writeStream } from '../server/write-answer.js';
import { headersNginxAdds, internalResponseView, relayedName } from './app-headers.js';
import { internalClientAddress } from './client-address.js';
import { resolveBackendOptions, type AccelBackendOptions } from './options.js';
import { warnUntrustedClientIp } from './startup-warnings.js';

const debug = debuglog('cdn-accel:backend');

/** The server `createAccelBackend` returns: a ready `http.Server`, or its handler to mount elsewhere. */
export interface AccelBackend {
  /** The server wired to `handler`, not yet listening. */
  readonly server: Server;
  /** Answers one internal request from Nginx: the signed redirect, cookies or stream for its path. */
  handler(req: IncomingMessage, res: ServerResponse): void;
  /** Starts `server` listening; resolves with the bound address. @default 127.0.0.1, a free port */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Graceful shutdown: stop accepting, finish requests in flight up to `shutdownTimeout`. */
  close(): Promise<void>;
}

/**
 * Creates the backend of an Nginx `internal` location (`proxy_pass http://127.0.0.1:8081;`). Nginx sends it the
 * request the app's `X-Accel-Redirect` led to: the internal path and query as the request target, the client's
 * headers, and the app's `Content-Disposition`, `Cache-Control`, `Content-Type` and `X-Accel-Expires` as
 * `X-Accel-App-*` headers. It answers as the proxy answers that `X-Accel-Redirect`: the engine decides, with the
 * same header rules and error statuses. Only Nginx may reach it: listen on loopback.
 */
export function createAccelBackend(options: AccelBackendOptions): AccelBackend {
  const config = resolveBackendOptions(options);
  const { accel, logger } = config;
  const streamOptions = { timeout: config.streamTimeout };
  let closing = false;
  warnUntrustedClientIp(accel, config.trustForwarded, logger);

  const fail = (res: ServerResponse, record: RequestRecord, error: unknown): void => {
    record.outcome = 'error';
    if (!isAccelError(error)) {
      logger.error(`cdn-accel backend: ${(error as Error).message ?? String(error)}`);
      sendFailure(res, 500);
      return;
    }
    record.code = error.code;
    if (error.status >= 500) logger.error(`cdn-accel backend: ${error.code}: ${error.message}`);
    sendFailure(res, error.status, error.expose ? error.message : undefined, error.headers);
  };

  const apply = (decision: AccelDecision, req: IncomingMessage, res: ServerResponse, record: RequestRecord): void | Promise<void> => {
    record.outcome = decision.kind;
    if (decision.kind === 'redirect') return writeRedirect(decision, res);
    if (decision.kind === 'stream') return writeStream(decision, res, streamOptions, headersNginxAdds(req.headers));
    // An engine of one's own that lets the path through: nothing is mapped there.
    sendFailure(res, 404);
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const record = beginRequest(req, res, config, closing);
    if (record === undefined) return;
    const onError = (error: unknown): void => {
      // SECURITY: the target is the app's X-Accel-Redirect value; a signed() query is a credential.
      debug('%s %s failed: %s', req.method, urlWithoutQuery(req.url ?? ''), (error as Error).message);
      if (!res.destroyed) fail(res, record, error);
    };
    try {
      const target = originForm(req.url ?? '/');
      // Through a named location the target is the client's own URI, which the @name location serves.
      const name = relayedName(target, req.headers, accel.locations);
      const request: AccelRequest = { method: req.method ?? 'GET', headers: req.headers, url: target };
      if (accel.needsClientIp) {
        const address = internalClientAddress(req, config.trustForwarded);
        if (address !== undefined) request.clientIp = address;
      }
      const decided = accel.decide(request, internalResponseView(name ?? target, req.headers));
      const applied = decided instanceof Promise ? decided.then((decision) => apply(decision, req, res, record)) : apply(decided, req, res, record);
      if (applied !== undefined) applied.then(undefined, onError);
    } catch (error) {
      onError(error);
    }
  };

  const listener = plainListener(handler);
  const server = listener.server as Server;
  server.on('clientError', (error, socket) => answerClientError(error, socket));

  return {
    server,
    handler,
    listen: (port = 0, host = '127.0.0.1') => listenOn(server, port, host),
    close: async () => {
      closing = true;
      await listener.close(config.shutdownTimeout);
    },
  };
}
