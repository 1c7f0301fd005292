import { STATUS_CODES } from 'node:http';
import type { RedirectDecision } from '@cdn-accel/core';
import { removeResponseHeaders } from '@cdn-accel/core/internal';
import type { KoaContextLike as Context } from './koa-types.js';

/**
 * True when this middleware is the first of the app that made `ctx`: nothing of the app runs after it but Koa's
 * own respond(). Mounted apps (koa-mount), composed stacks and routers never pass: there, middleware around this
 * one may still change the response after `await next()`.
 */
export function isOutermost(ctx: Context, middleware: unknown): boolean {
  return ctx.app?.middleware?.[0] === middleware;
}

/**
 * Writes a redirect on Node's response as Koa's respond() writes an explicitly empty body (`Content-Length: 0`,
 * none on HEAD), and turns respond() off. Koa's setters on the way there (body, then status twice) are a
 * measurable part of a whole redirect (`pnpm bench http`); only the outermost middleware may skip them
 * (isOutermost).
 */
export function writeRedirect(ctx: Context, decision: RedirectDecision): void {
  const { req, res } = ctx;
  removeResponseHeaders(res, 'set-cookie');
  const headers = decision.headers;
  for (let index = 0; index < headers.length; index += 1) {
    const [name, value] = headers[index] as [string, string];
    if (name === 'Set-Cookie') res.appendHeader(name, value);
    else res.setHeader(name, value);
  }
  if (req.method !== 'HEAD') res.setHeader('Content-Length', '0');
  res.statusCode = decision.status;
  // As Koa's status setter: HTTP/2 has no reason phrase, and the app's own (say "OK") must not stay.
  if (req.httpVersionMajor < 2) res.statusMessage = STATUS_CODES[decision.status] as string;
  ctx.respond = false;
  res.end();
}
