import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/**
 * The part of an Express request cdn-accel uses. Express 4 and 5 requests satisfy it, so the published types
 * need neither `express` nor `@types/express`.
 */
export interface ExpressRequestLike {
  method: string;
  /** Honours `X-Forwarded-For` only under `trust proxy`. */
  ip?: string | undefined;
  headers: IncomingHttpHeaders;
  /** The request's URL before a mounted router rewrote `url`. */
  originalUrl?: string;
  /** The request's path and query, as Node gives them. */
  url?: string | undefined;
}

export type ExpressNextLike = (error?: unknown) => void;

/** What `expressAccel` returns: assignable to Express's `RequestHandler`. */
export type ExpressAccelMiddleware = (req: ExpressRequestLike, res: ServerResponse, next: ExpressNextLike) => void;
