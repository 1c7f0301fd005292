import type { ServerResponse } from 'node:http';
import type { AccelDecision, RedirectDecision, StreamDecision } from '@cdn-accel/core';
import type { FetchStreamOptions } from '@cdn-accel/core/internal';
import { passThrough } from './pass-through.js';
import type { UpstreamResponse } from './upstream-exchange.js';
import { writeRedirect, writeStream } from './write-answer.js';

/** The app's `Set-Cookie` lines, which survive a redirect as they do behind Nginx. */
function appCookies(upstream: UpstreamResponse): string[] {
  const cookies: string[] = [];
  const raw = upstream.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) {
    if ((raw[index] as string).toLowerCase() === 'set-cookie') cookies.push('Set-Cookie', raw[index + 1] as string);
  }
  return cookies;
}

function sendRedirect(decision: RedirectDecision, upstream: UpstreamResponse, res: ServerResponse): void {
  upstream.discard();
  writeRedirect(decision, res, appCookies(upstream));
}

function sendStream(decision: StreamDecision, upstream: UpstreamResponse, res: ServerResponse, options: FetchStreamOptions): Promise<void> {
  upstream.discard();
  return writeStream(decision, res, options);
}

/**
 * Carries out the engine's decision for one proxied response. Pass-through and redirects are written at
 * once (no promise per request); stream mode resolves once the response is under way and rejects (before
 * anything is written) with the origin's `AccelError`.
 */
export function applyDecision(
  decision: AccelDecision,
  upstream: UpstreamResponse,
  res: ServerResponse,
  streamOptions: FetchStreamOptions,
): void | Promise<void> {
  if (decision.kind === 'pass') passThrough(upstream, res);
  else if (decision.kind === 'redirect') sendRedirect(decision, upstream, res);
  else return sendStream(decision, upstream, res, streamOptions);
}
