import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Accel } from '@cdn-accel/core';

/** The request as the app sees it. */
export interface AppRequest {
  method: string;
  /** Path and query, e.g. `/download/42?x=1`. */
  url: string;
  headers: IncomingHttpHeaders;
}

/** What the app answers: the driver writes it the framework's natural way (`ctx.body`, `res.send`, `pipe`…). */
export interface AppResponse {
  /** @default 200 */
  status?: number;
  /** In order; a name may repeat (Set-Cookie). */
  headers?: Array<[name: string, value: string]>;
  /** A string, or a stream the driver pipes (Koa `ctx.body = stream`, Express `stream.pipe(res)`, an upstream body). */
  body?: string | Readable;
  /**
   * Added with `res.addTrailers` before the body is written. Node sends trailers only after a chunked body: a
   * stream without Content-Length.
   */
  trailers?: Array<[name: string, value: string]>;
}

export type AppHandler = (request: AppRequest) => AppResponse;

export interface StartOptions {
  /** The engine, configured by the suite (fake CDN hosts, test keys, an injected logger and clock). */
  accel: Accel;
  /** Answers every request that reaches the app. */
  app: AppHandler;
}

export interface RunningApp {
  /** Base URL on 127.0.0.1, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

/**
 * One front end under test: "an app that answers like `app`, behind cdn-accel configured with `accel`".
 * Koa and Express start one server with the middleware; a reverse proxy starts a plain `node:http`
 * upstream that answers with `app` and the proxy in front of it. Listen on 127.0.0.1, port 0.
 */
export interface ContractDriver {
  /** Shown in the suite's title, e.g. `Koa 3`. */
  name: string;
  start(options: StartOptions): Promise<RunningApp>;
  /** Behaviours a front end cannot offer by nature, skipped with a reason. @default none */
  skip?: Partial<Record<'streamBodyDestroyed' | 'clientIpBinding', string>>;
}
