import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { AccelError } from '@cdn-accel/core';
import type { Dispatcher } from 'undici';
import { originForm } from './request-target.js';
import { UpstreamExchange, type UpstreamResponse } from './upstream-exchange.js';

export type { UpstreamResponse } from './upstream-exchange.js';

/** What the proxy needs from a forwarding engine for plain HTTP requests. */
export interface Forwarder {
  /**
   * Sends `req` upstream; exactly one of `onResponse` and `onError` is called, unless the client goes away
   * first (the upstream request then simply ends). The body is not sent to `res` until the proxy says so.
   */
  web(req: IncomingMessage, res: ServerResponse, onResponse: (upstream: UpstreamResponse) => void, onError: (error: Error) => void): void;
}

/**
 * Headers undici writes itself or refuses to forward (it frames the upstream request on its own connection),
 * beyond the client hop's own that sanitizeClientRequest has already removed (`Keep-Alive`, `Expect`…).
 * `Connection` and `Upgrade` survive that clean-up for an upgrade, which comes this way only when the proxy's
 * handler is mounted without its upgrade listener.
 */
const FRAMING_HEADERS = ['connection', 'transfer-encoding', 'upgrade'] as const;

function upstreamHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  // An HTTP/2 request's pseudo-headers (:method, :path…) describe the client's stream, not the upstream request.
  if (headers[':method'] !== undefined) return withoutPseudoHeaders(headers);
  let clean = headers;
  for (const name of FRAMING_HEADERS) {
    if (clean[name] === undefined) continue;
    if (clean === headers) clean = { ...headers };
    delete clean[name];
  }
  return clean;
}

function withoutPseudoHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const clean: IncomingHttpHeaders = {};
  for (const name in headers) {
    if (name.charCodeAt(0) !== 0x3a /* : */ && !(FRAMING_HEADERS as readonly string[]).includes(name)) clean[name] = headers[name];
  }
  return clean;
}

/** Whether the client's request has a body to forward (HTTP/1.1 framing: a length or a transfer coding). */
function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined;
}

/**
 * A forwarder on an undici dispatcher (by default a keep-alive `Pool` on the upstream origin). The dispatcher
 * API hands over raw headers and body chunks with no stream object per response, which makes pass-through
 * faster than on Node's http client (`pnpm bench proxy`). `timeout` bounds both the wait for the response headers
 * and each silence between body chunks (0: none).
 */
export function createForwarder(target: URL, dispatcher: Dispatcher, timeout: number): Forwarder {
  const basePath = target.pathname === '/' ? '' : target.pathname.replace(/\/$/, '');
  const origin = target.origin;
  return {
    web(req, res, onResponse, onError) {
      const target = originForm(req.url ?? '/');
      // The asterisk-form (`OPTIONS *`) is about the proxy itself, not a resource of the app.
      if (!target.startsWith('/')) {
        onError(new AccelError('ERR_ACCEL_INVALID_INPUT', 'Bad Request (the request target is not a path)', { status: 400 }));
        return;
      }
      const headers = req.headers;
      const options: Dispatcher.DispatchOptions = {
        origin,
        path: basePath + target,
        method: (req.method ?? 'GET') as Dispatcher.HttpMethod,
        headers: upstreamHeaders(headers),
        body: hasBody(headers) ? req : null,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      };
      dispatcher.dispatch(options, new UpstreamExchange(res, onResponse, onError));
    },
  };
}
