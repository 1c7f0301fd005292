import { createAccel, isAccelError, stripAccelHeaders, type Accel, type AccelDecision, type AccelOptions, type RedirectDecision, type StreamDecision } from '@cdn-accel/core';
import { fetchStream, removeResponseHeaders } from '@cdn-accel/core/internal';
import type { ServerResponse } from 'node:http';
import onHeaders from 'on-headers';
import { isOutermost, writeRedirect } from './write-redirect.js';
import type { KoaAccelMiddleware, KoaContextLike as Context, KoaNextLike as Next } from './koa-types.js';

/** Anything with `destroy()`: a stream body that must be closed, not read to the end. */
interface Destroyable {
  destroy(error?: Error): unknown;
  pipe?: unknown;
}

function isAccel(value: Accel | AccelOptions): value is Accel {
  return typeof (value as Accel).decide === 'function';
}

/** Runs right before Node sends the response's headers, whoever sends them. */
function stripBeforeSending(this: ServerResponse): void {
  stripAccelHeaders(this);
}

/** A stream body is destroyed, so that a file is not read to the end for nothing. */
function destroyStreamBody(ctx: Context): void {
  const body = ctx.body as Destroyable | null | undefined;
  if (body !== null && typeof body === 'object' && typeof body.destroy === 'function' && typeof body.pipe === 'function') body.destroy();
}

/** Drops the app's body. */
function discardBody(ctx: Context): void {
  destroyStreamBody(ctx);
  ctx.body = null;
}

/**
 * Applies a decision the Koa way. The one place a new decision kind (stream) slots in.
 */
export function applyKoaDecision(ctx: Context, decision: AccelDecision): void | Promise<void> {
  if (decision.kind === 'pass') {
    stripAccelHeaders(ctx.res);
    return;
  }
  if (decision.kind === 'redirect') {
    discardBody(ctx);
    removeResponseHeaders(ctx.res, 'set-cookie');
    ctx.status = decision.status;
    const headers = decision.headers;
    for (let index = 0; index < headers.length; index += 1) {
      const [name, value] = headers[index] as [string, string];
      if (name === 'Set-Cookie') ctx.append(name, value);
      else ctx.set(name, value);
    }
    return;
  }
  return streamKoa(ctx, decision);
}

/**
 * Stream mode: fetches the signed URL and makes the object the response body, so the CDN URL never reaches
 * the client. The app's body is dropped; the object's headers and the decision's overrides (the app's
 * Content-Disposition, Set-Cookie…) are sent. A client that goes away aborts the CDN request; a CDN failure mid-body cuts the connection.
 */
async function streamKoa(ctx: Context, decision: StreamDecision): Promise<void> {
  discardBody(ctx);
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  ctx.res.once('close', abort);
  let result;
  try {
    result = await fetchStream(decision, { signal: controller.signal });
  } catch (error) {
    ctx.res.off('close', abort);
    fail(ctx, error);
  }
  // The decision's overrides already carry the app's Set-Cookie: start from no header at all.
  removeResponseHeaders(ctx.res, undefined);
  ctx.status = result.status;
  for (const [name, value] of result.headers) {
    if (name.toLowerCase() === 'set-cookie') ctx.append(name, value);
    else ctx.set(name, value);
  }
  if (!result.buffering) ctx.res.once('pipe', () => ctx.res.flushHeaders());
  if (result.body === null) return;
  const body = result.body;
  ctx.res.once('close', () => body.destroy());
  body.once('error', () => ctx.res.destroy());
  ctx.body = body;
}

function fail(ctx: Context, error: unknown): never {
  // SECURITY: nothing of the app's response (internal path, X-Accel-*, Content-Disposition) survives a refusal.
  discardBody(ctx);
  removeResponseHeaders(ctx.res, undefined);
  if (isAccelError(error)) ctx.throw(error.status, error);
  throw error;
}

/**
 * Koa middleware: `app.use(koaAccel(accel))` first, so it sees every response the app builds. Takes an engine
 * from `createAccel`, or its options.
 */
export function koaAccel(accelOrOptions: Accel | AccelOptions): KoaAccelMiddleware {
  const accel = isAccel(accelOrOptions) ? accelOrOptions : createAccel(accelOrOptions);
  const needsIp = accel.needsClientIp;
  return async function koaAccelMiddleware(ctx: Context, next: Next): Promise<void> {
    // SECURITY: an app that writes ctx.res itself (ctx.respond = false) answers without Koa's respond() and
    // without a decision of ours, maybe before `next()` resolves: its internal headers are removed right before
    // Node sends them, including those it passes to writeHead.
    onHeaders(ctx.res, stripBeforeSending);
    await next();
    // Node's objects straight, not Koa's getters that lead to them: this runs on every response.
    const { req, res } = ctx;
    // The app writes ctx.res itself: the response is out of Koa's hands, and but for the headers, of ours.
    if (res.headersSent || ctx.respond === false) return;
    let decision;
    try {
      // SECURITY: ctx.ip honours X-Forwarded-For only under app.proxy; the header is never read directly.
      decision = accel.decide({ method: req.method as string, clientIp: needsIp ? ctx.ip : undefined, headers: req.headers }, res);
      if (typeof (decision as Promise<AccelDecision>).then === 'function') decision = await decision;
    } catch (error) {
      fail(ctx, error);
    }
    if ((decision as AccelDecision).kind === 'redirect' && isOutermost(ctx, koaAccelMiddleware)) {
      destroyStreamBody(ctx);
      writeRedirect(ctx, decision as RedirectDecision);
      return;
    }
    // Only stream mode returns a promise: awaiting the others' undefined would still cost a microtask.
    const applied = applyKoaDecision(ctx, decision as AccelDecision);
    if (applied !== undefined) await applied;
  };
}
