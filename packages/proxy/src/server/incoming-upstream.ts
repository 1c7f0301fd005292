import type { IncomingMessage, ServerResponse } from 'node:http';
import { addAppTrailers } from './app-trailers.js';
import type { UpstreamResponse } from './upstream-exchange.js';

/**
 * An app's ordinary (not 101) answer to an upgrade request, from `node:http`'s client, as the proxy handles every
 * other upstream response. Its connection is the upgrade's own and is never reused, so dropping the body ends it.
 */
export class IncomingUpstream implements UpstreamResponse {
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly rawHeaders: readonly string[];
  readonly #incoming: IncomingMessage;

  constructor(incoming: IncomingMessage) {
    this.#incoming = incoming;
    this.statusCode = incoming.statusCode ?? 502;
    this.statusMessage = incoming.statusMessage ?? '';
    this.rawHeaders = incoming.rawHeaders;
  }

  get complete(): boolean {
    return this.#incoming.complete;
  }

  pipe(res: ServerResponse, droppedTrailers: ReadonlySet<string> | undefined): void {
    const incoming = this.#incoming;
    incoming.pipe(res, { end: false });
    incoming.once('end', () => {
      if (droppedTrailers !== undefined) addAppTrailers(res, incoming.rawTrailers, droppedTrailers);
      res.end();
    });
    // A failure mid-body cuts the client connection: a truncated body must not pass for a whole one.
    incoming.on('error', () => res.destroy());
    incoming.once('close', () => {
      if (!incoming.complete) res.destroy();
    });
    res.once('close', () => {
      if (!res.writableFinished) incoming.destroy();
    });
  }

  discard(): void {
    this.abort();
  }

  abort(): void {
    this.#incoming.destroy();
  }
}
