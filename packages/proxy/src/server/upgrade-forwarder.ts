import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { AccelError } from '@cdn-accel/core';
import { IncomingUpstream } from './incoming-upstream.js';
import { originForm } from './request-target.js';
import type { UpstreamResponse } from './upstream-exchange.js';

/** What becomes of an upgrade request: exactly one of these is called, unless the client goes away first. */
export interface UpgradeHandlers {
  /** The app switched protocols (`101`): its response, its connection, and the bytes it sent past the headers. */
  onSwitch(response: IncomingMessage, upstream: Duplex, upstreamHead: Buffer): void;
  /** The app answered as to any request: the response goes through the engine like every other. */
  onResponse(upstream: UpstreamResponse): void;
  /** The app could not be reached, failed, or took longer than the timeout (`code` `ETIMEDOUT`). */
  onError(error: Error): void;
}

/** Sends upgrade requests (WebSocket, h2c…) to the app, each on a connection of its own. */
export interface UpgradeForwarder {
  /** Sends `req` upstream; `client` is the client's connection, whose closing ends the upstream request. */
  forward(req: IncomingMessage, client: Duplex, handlers: UpgradeHandlers): void;
}

function timeoutError(timeout: number): Error {
  return Object.assign(new Error(`the app did not answer the upgrade within ${timeout} ms`), { code: 'ETIMEDOUT' });
}

/**
 * An upgrade forwarder on `node:http`. Unlike a tunnel that relays whatever comes back, it hands an ordinary
 * response to the proxy, so that an app's `X-Accel-Redirect` (or any internal header) is handled the same way
 * whether or not the client asked to upgrade. `timeout` bounds the wait for the app's answer, as for any request
 * (0: none); once switched, the connection has no timeout of its own.
 */
export function createUpgradeForwarder(target: URL, timeout: number): UpgradeForwarder {
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const basePath = target.pathname === '/' ? '' : target.pathname.replace(/\/$/, '');
  return {
    forward(req, client, handlers) {
      const path = originForm(req.url ?? '/');
      if (!path.startsWith('/')) {
        handlers.onError(new AccelError('ERR_ACCEL_INVALID_INPUT', 'Bad Request (the request target is not a path)', { status: 400 }));
        return;
      }
      const outgoing = request({
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: basePath + path,
        headers: req.headers,
        agent: false,
      });
      let answered = false;
      // The client going away ends the upstream request, and its response if one came (an ordinary answer).
      const abandon = (): void => {
        outgoing.destroy();
      };
      client.once('close', abandon);
      if (timeout > 0) outgoing.setTimeout(timeout, () => outgoing.destroy(timeoutError(timeout)));
      outgoing.on('error', (error) => {
        if (answered || client.destroyed) return;
        answered = true;
        handlers.onError(error);
      });
      outgoing.on('upgrade', (response, socket, head) => {
        client.off('close', abandon);
        answered = true;
        socket.setTimeout(0);
        handlers.onSwitch(response, socket, head);
      });
      outgoing.on('response', (response) => {
        answered = true;
        handlers.onResponse(new IncomingUpstream(response));
      });
      outgoing.end();
    },
  };
}
