import type { AccelDecision, HeaderPairs, RedirectDecision, StreamDecision } from '../contract/decision.js';
import type { AccelRequest, AccelResponseView } from '../contract/request.js';
import type { StreamSource } from '../contract/stream-source.js';
import type { ResponseOverrides, StreamSettings, TargetSignResult } from '../contract/target.js';
import { clampCacheControl, maxAgeDirectives } from '../header/cache-control.js';
import { appContentType, buffering, charset, forwardHeaders, limitRate, overrideHeaders } from '../header/stream-directives.js';
import type { SignatureRequest } from './signature-request.js';

/** What one cache entry holds: the target's signed URL and, in the redirect modes, the redirect built once. */
export interface SignedAnswer {
  readonly result: TargetSignResult;
  readonly redirect: SharedRedirect | undefined;
}

/** The decision for one request from its signed answer: the shared redirect, or a stream decision of its own. */
export function decisionFrom(answer: SignedAnswer, wanted: SignatureRequest, request: AccelRequest, response: AccelResponseView, nowMs: number): AccelDecision {
  const target = wanted.route.location.target;
  return answer.redirect?.at(nowMs) ?? streamDecision(answer.result.url, request, response, wanted.overrides, target.streamSource, target.streamSettings);
}

/** The redirect for one signed URL; built once per cache miss and then shared (treat as read-only). */
export function redirectDecision(status: number, result: TargetSignResult, cacheControl: string, remaining: number): RedirectDecision {
  const headers: HeaderPairs = [
    ['Location', result.url],
    ['Cache-Control', clampCacheControl(cacheControl, remaining)],
  ];
  if (result.setCookie !== undefined) for (const cookie of result.setCookie) headers.push(['Set-Cookie', cookie]);
  return Object.freeze({ kind: 'redirect', status, headers });
}

/**
 * A redirect signed once and shared by the cache hits that follow, while its `Cache-Control` max-age fits in
 * what its URL has left to live; past that instant each hit gets one with the max-age shortened.
 */
export class SharedRedirect {
  readonly #status: number;
  readonly #result: TargetSignResult;
  readonly #cacheControl: string;
  readonly #expiresAt: number;
  readonly #decision: RedirectDecision;
  /** After this instant (ms) the shared decision's max-age would outlive its URL. */
  readonly #fitsUntilMs: number;

  constructor(status: number, result: TargetSignResult, cacheControl: string, expiresAt: number, nowMs: number) {
    this.#status = status;
    this.#result = result;
    this.#cacheControl = cacheControl;
    this.#expiresAt = expiresAt;
    this.#decision = this.#build(nowMs);
    const cacheControlSent = (this.#decision.headers[1] as [string, string])[1];
    const longest = Math.max(-1, ...maxAgeDirectives(cacheControlSent).map((directive) => directive.seconds));
    this.#fitsUntilMs = longest === -1 ? Number.POSITIVE_INFINITY : (expiresAt - longest) * 1000;
  }

  /** The redirect to answer at `nowMs`: the shared one on the common path, no allocation. */
  at(nowMs: number): RedirectDecision {
    return nowMs <= this.#fitsUntilMs ? this.#decision : this.#build(nowMs);
  }

  #build(nowMs: number): RedirectDecision {
    return redirectDecision(this.#status, this.#result, this.#cacheControl, this.#expiresAt - Math.ceil(nowMs / 1000));
  }
}

/** The stream decision: built per request, since the client's Range and conditional headers vary. */
export function streamDecision(
  url: string,
  request: AccelRequest,
  response: AccelResponseView,
  overrides: ResponseOverrides | undefined,
  source?: StreamSource,
  settings?: StreamSettings,
): StreamDecision {
  const decision: StreamDecision = {
    kind: 'stream',
    url,
    method: request.method === 'HEAD' ? 'HEAD' : 'GET',
    forwardHeaders: forwardHeaders(request),
    overrideHeaders: overrideHeaders(response, overrides),
    buffering: buffering(response),
  };
  // The app's X-Accel-Limit-Rate wins over the location's limit_rate, as in Nginx; its 0 lifts the limit.
  const rate = limitRate(response) ?? settings?.limitRate;
  if (rate !== undefined && rate > 0) decision.limitRate = rate;
  if (settings?.limitRateAfter !== undefined) decision.limitRateAfter = settings.limitRateAfter;
  if (settings?.headers !== undefined) decision.headerRules = settings.headers;
  const set = charset(response);
  if (set !== undefined) decision.charset = set;
  const type = overrides?.contentType ? undefined : appContentType(response);
  if (type !== undefined) decision.fallbackHeaders = [['Content-Type', type]];
  if (source !== undefined) decision.source = source;
  return decision;
}
