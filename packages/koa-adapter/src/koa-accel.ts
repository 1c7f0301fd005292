import { isAccelError, stripAccelHeaders, type Accel, type AccelDecision, type AccelOptions, type StreamDecision } from '@cdn-accel/core';
import { gateAppTrailers, isPromiseLike, openStreamAnswer, removeResponseHeaders, setResponseHeaders, toAccel } from '@cdn-accel/core/internal';
import type { ServerResponse } from 'node:http';
import onHeaders from 'on-headers';
import type { KoaAccelMiddleware, KoaContextLike as Context, KoaNextLike as Next } from './koa-types.js';

/** Anything with `destroy()`: a stream body that must be closed, not read to the end. */
interface Destroyable {
  destroy(error?: Error): unknown;
  pipe?: unknown;
}

/** Destroys the app's body if it is a stream, so that a file is not read to the end for nothing. */
function destroyStreamBody(ctx: Context): void {
  const body = ctx.body as Destroyable | null | undefined;
  if (body !== null && typeof body === 'object' && typeof body.destroy === 'function' && typeof body.pipe === 'function') body.destroy();
}

/**
 * Drops the app's body, destroying a stream. Call it once the app's headers are gone: Koa keeps a body set to
 * null as the text "null" while the response says JSON.
 */
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
    removeResponseHeaders(ctx.res, 'set-cookie');
    discardBody(ctx);
    ctx.status = decision.status;
    setResponseHeaders(ctx.res, decision.headers);
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
  // SECURITY: the app's body is not set to null here: Koa then removes Transfer-Encoding, and Node sends a body of
  // unknown length without chunks, ended by closing the connection, so that an object cut off mid-body would
  // reach the client as if whole. Its stream is destroyed; the answer's body takes its place below.
  destroyStreamBody(ctx);
  let answer;
  try {
    answer = await openStreamAnswer(decision, ctx.res);
  } catch (error) {
    fail(ctx, error);
  }
  if (answer.body === null) ctx.body = null;
  ctx.status = answer.status;
  if (answer.body !== null) ctx.body = answer.body;
  // Only the answer's headers are sent: the decision's overrides already carry the app's Set-Cookie, and Koa's body
  // setter has added a Content-Type of its own and dropped Content-Length.
  removeResponseHeaders(ctx.res, undefined);
  setResponseHeaders(ctx.res, answer.headers);
  if (!answer.buffering) ctx.res.once('pipe', () => ctx.res.flushHeaders());
}

function fail(ctx: Context, error: unknown): never {
  // SECURITY: nothing of the app's response (internal path, X-Accel-*, Content-Disposition) survives a refusal.
  removeResponseHeaders(ctx.res, undefined);
  discardBody(ctx);
  if (isAccelError(error)) ctx.throw(error.status, error);
  throw error;
}

/**
 * Koa middleware: `app.use(koaAccel(accel))` first, so it sees every response the app builds. Takes an engine
 * from `createAccel`, or its options.
 */
export function koaAccel(accelOrOptions: Accel | AccelOptions): KoaAccelMiddleware {
  const accel = toAccel(accelOrOptions);
  const needsIp = accel.needsClientIp;
  return async function koaAccelMiddleware(ctx: Context, next: Next): Promise<void> {
    // The app's trailers (ctx.res.addTrailers) wait for the decision: none of them follows a replaced response.
    const trailers = gateAppTrailers(ctx.res);
    // SECURITY: an app that writes ctx.res itself (ctx.respond = false) answers without Koa's respond() and
    // without a decision of ours, maybe before `next()` resolves: its internal headers are removed right before
    // Node sends them, including those it passes to writeHead, and its trailers go with them.
    onHeaders(ctx.res, function beforeSendingHeaders(this: ServerResponse) {
      stripAccelHeaders(this);
      trailers.pass(this);
    });
    await next();
    // Node's objects straight, not Koa's getters that lead to them: this runs on every response.
    const { req, res } = ctx;
    // The app writes ctx.res itself: the response is out of Koa's hands, and but for the headers, of ours.
    if (res.headersSent || ctx.respond === false) return;
    let decision;
    try {
      // SECURITY: ctx.ip honours X-Forwarded-For only under app.proxy; the header is never read directly.
      decision = accel.decide({ method: req.method as string, clientIp: needsIp ? ctx.ip : undefined, headers: req.headers, url: ctx.originalUrl ?? req.url }, res);
      if (isPromiseLike(decision)) decision = await decision;
    } catch (error) {
      trailers.drop();
      fail(ctx, error);
    }
    if (decision.kind === 'pass') trailers.pass(res);
    else trailers.drop();
    // Only stream mode returns a promise: awaiting the others' undefined would still cost a microtask.
    const applied = applyKoaDecision(ctx, decision);
    if (applied !== undefined) await applied;
  };
}
