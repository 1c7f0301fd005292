import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The part of a Koa context cdn-accel uses. Koa 2 and Koa 3 contexts satisfy it, so the published types need
 * neither `koa` nor `@types/koa`.
 */
export interface KoaContextLike {
  /** Honours `X-Forwarded-For` only under `app.proxy`. */
  ip: string;
  /** The request's URL before any router or `koa-mount` rewrote it. */
  originalUrl?: string;
  req: IncomingMessage;
  res: ServerResponse;
  body: unknown;
  status: number;
  throw(status: number, error: Error): never;
  /** false: Koa's respond() leaves the response alone. */
  respond?: boolean;
}

export type KoaNextLike = () => Promise<unknown>;

/** What `koaAccel` returns: assignable to Koa's `Middleware`. */
export type KoaAccelMiddleware = (ctx: KoaContextLike, next: KoaNextLike) => Promise<void>;
