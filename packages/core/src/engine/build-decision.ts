import { buffering, charset, forwardHeaders, limitRate, overrideHeaders } from '../header/stream-directives.js';
import { clampCacheControl } from '../targets/common-options.js';
import type { AccelRequest, AccelResponseView, HeaderPairs, RedirectDecision, ResponseOverrides, StreamDecision, TargetSignResult } from './types.js';

/** The redirect for one signed URL; built once per cache miss and then shared (treat as read-only). */
export function redirectDecision(status: number, result: TargetSignResult, cacheControl: string, remaining: number): RedirectDecision {
  const headers: HeaderPairs = [
    ['Location', result.url],
    ['Cache-Control', clampCacheControl(cacheControl, remaining)],
  ];
  if (result.setCookie !== undefined) for (const cookie of result.setCookie) headers.push(['Set-Cookie', cookie]);
  return Object.freeze({ kind: 'redirect', status, headers });
}

/** The stream decision: built per request, since the client's Range and conditional headers vary. */
export function streamDecision(
  url: string,
  request: AccelRequest,
  response: AccelResponseView,
  overrides: ResponseOverrides | undefined,
): StreamDecision {
  const decision: StreamDecision = {
    kind: 'stream',
    url,
    method: request.method === 'HEAD' ? 'HEAD' : 'GET',
    forwardHeaders: forwardHeaders(request),
    overrideHeaders: overrideHeaders(response, overrides),
    buffering: buffering(response),
  };
  const rate = limitRate(response);
  if (rate !== undefined) decision.limitRate = rate;
  const set = charset(response);
  if (set !== undefined) decision.charset = set;
  return decision;
}
