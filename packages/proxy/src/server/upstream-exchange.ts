import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { addAppTrailers } from './app-trailers.js';
import { rawHeader } from './raw-header-view.js';

/** The app's response as the proxy handles it: headers first, then a body that goes to one place. */
export interface UpstreamResponse {
  readonly statusCode: number;
  readonly statusMessage: string;
  /** Header names and values in the app's order and case, repeats kept: `[name, value, name, value, …]`. */
  readonly rawHeaders: readonly string[];
  /** Whether the whole body has arrived. */
  readonly complete: boolean;
  /**
   * Streams the body into `res` as it arrives (no buffering, so Server-Sent Events flow), pausing the upstream
   * while `res` is full; with `droppedTrailers` (a chunked body), the app's trailers follow, minus internal,
   * hop-by-hop and the named ones. A failure mid-body destroys `res`, so a truncated body is never taken for a
   * whole one.
   */
  pipe(res: ServerResponse, droppedTrailers: ReadonlySet<string> | undefined): void;
  /**
   * Drops the body after an X-Accel-Redirect without waiting for it. A short body is read off in the background
   * so the keep-alive connection is reused; a long one, or one that never comes (an app announcing a
   * Content-Length and sending nothing, as django-sendfile2 does), ends the upstream request instead.
   */
  discard(): void;
  /** Ends the upstream request at once and frees its connection. */
  abort(): void;
}

/** Bytes of an unwanted body read, at most, so that its connection can serve the next request. */
const DRAIN_LIMIT = 64 * 1024;
/** How long an unwanted body may take to arrive before its upstream request is ended instead. */
const DRAIN_TIME_MS = 1000;

/**
 * Where the body goes: `waiting` for the proxy to pick (the upstream paused, early chunks kept), `piping` to the
 * client, `discarding` (read off so the connection can be reused), or `aborted` (the upstream request ended).
 */
type BodySink = 'waiting' | 'piping' | 'discarding' | 'aborted';

/** Why an exchange ended early: the client went away, or the body was not worth reading. */
class ExchangeAbortedError extends Error {
  override readonly name = 'ExchangeAbortedError';
  readonly code = 'ERR_EXCHANGE_ABORTED';
}

const latin1 = (raw: readonly (Buffer | string)[] | null | undefined): string[] => {
  const out: string[] = [];
  if (raw === null || raw === undefined) return out;
  for (const item of raw) out.push(typeof item === 'string' ? item : item.toString('latin1'));
  return out;
};

/**
 * One proxied request on undici's dispatcher: it hands the response to `onResponse` as soon as its headers
 * arrive, and the body to whichever sink the proxy then picks. Until a sink is picked (an asynchronous
 * decision), the upstream is paused. The client going away ends the upstream request at once.
 */
export class UpstreamExchange implements Dispatcher.DispatchHandler, UpstreamResponse {
  statusCode = 0;
  statusMessage = '';
  rawHeaders: string[] = [];
  complete = false;
  #sink: BodySink = 'waiting';
  #controller: Dispatcher.DispatchController | undefined;
  #target: ServerResponse | undefined;
  #droppedTrailers: ReadonlySet<string> | undefined;
  #early: Buffer[] | undefined;
  #failure: Error | undefined;
  #drained = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #onResponse: (upstream: UpstreamResponse) => void;
  readonly #onError: (error: Error) => void;

  constructor(client: ServerResponse, onResponse: (upstream: UpstreamResponse) => void, onError: (error: Error) => void) {
    this.#onResponse = onResponse;
    this.#onError = onError;
    client.once('close', () => {
      if (!client.writableFinished) this.abort();
    });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#sink === 'aborted') controller.abort(new ExchangeAbortedError('client gone'));
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, _headers: unknown, statusMessage?: string): void {
    // 1xx (103 Early Hints and the like) are the upstream hop's own business.
    if (statusCode < 200) return;
    this.statusCode = statusCode;
    this.statusMessage = statusMessage ?? '';
    this.rawHeaders = latin1(controller.rawHeaders as Buffer[] | null | undefined);
    this.#onResponse(this);
    if (this.#sink === 'waiting') controller.pause();
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    switch (this.#sink) {
      case 'piping': {
        const target = this.#target as ServerResponse;
        if (!target.write(chunk)) this.#waitForDrain(controller, target);
        return;
      }
      case 'discarding':
        this.#drained += chunk.length;
        if (this.#drained > DRAIN_LIMIT) this.abort();
        return;
      case 'waiting':
        (this.#early ??= []).push(chunk);
        controller.pause();
        return;
      default:
    }
  }

  onResponseEnd(): void {
    this.complete = true;
    this.#clearTimer();
    if (this.#sink === 'piping') this.#finish(this.#target as ServerResponse);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#clearTimer();
    const sink = this.#sink;
    this.#sink = 'aborted';
    if (sink === 'aborted' || sink === 'discarding') return;
    if (this.statusCode === 0) this.#onError(error);
    else if (sink === 'piping') (this.#target as ServerResponse).destroy();
    else this.#failure = error;
  }

  pipe(res: ServerResponse, droppedTrailers: ReadonlySet<string> | undefined): void {
    if (this.#failure !== undefined) {
      res.destroy();
      return;
    }
    this.#sink = 'piping';
    this.#target = res;
    this.#droppedTrailers = droppedTrailers;
    const early = this.#early;
    this.#early = undefined;
    if (early !== undefined) for (const chunk of early) res.write(chunk);
    if (this.complete) {
      this.#finish(res);
      return;
    }
    const controller = this.#controller;
    if (controller === undefined || !controller.paused) return;
    if (res.writableNeedDrain) this.#waitForDrain(controller, res);
    else controller.resume();
  }

  discard(): void {
    if (this.#sink === 'aborted') return;
    const early = this.#early;
    this.#early = undefined;
    this.#sink = 'discarding';
    if (this.complete) return;
    const length = rawHeader(this.rawHeaders, 'content-length');
    // The common case (an empty body with the redirect header): nothing to wait for, no timer.
    if (length !== '0') {
      const declared = Number(length);
      if (Number.isFinite(declared) && declared > DRAIN_LIMIT) {
        this.abort();
        return;
      }
      for (const chunk of early ?? []) this.#drained += chunk.length;
      this.#timer = setTimeout(() => this.abort(), DRAIN_TIME_MS);
      this.#timer.unref();
    }
    if (this.#controller?.paused === true) this.#controller.resume();
  }

  abort(): void {
    if (this.complete || this.#sink === 'aborted') return;
    this.#sink = 'aborted';
    this.#early = undefined;
    this.#clearTimer();
    this.#controller?.abort(new ExchangeAbortedError('upstream request ended early'));
  }

  #waitForDrain(controller: Dispatcher.DispatchController, target: ServerResponse): void {
    controller.pause();
    target.once('drain', () => {
      if (this.#sink === 'piping') controller.resume();
    });
  }

  #finish(res: ServerResponse): void {
    const dropped = this.#droppedTrailers;
    if (dropped !== undefined) addAppTrailers(res, latin1(this.#controller?.rawTrailers as Buffer[] | null | undefined), dropped);
    res.end();
  }

  #clearTimer(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
