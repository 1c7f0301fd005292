import { staleJitterMs, windowedExpiry, windowPhase } from '../cache/expiry-window.js';
import type { TargetSignInput, TargetSignResult } from '../contract/target.js';
import type { Clock } from '../runtime/clock.js';
import { SharedRedirect, type SignedAnswer } from './build-decision.js';
import type { RedirectStatuses } from './engine-options.js';
import type { SignatureRequest } from './signature-request.js';

/** One signature to make: what the target signs, and when its cache entry should be refreshed and goes stale. */
export interface PlannedSignature {
  readonly input: TargetSignInput;
  readonly staleAtMs: number;
  readonly refreshAtMs: number;
  /** The cache entry's value for what the target returned. */
  answer(result: TargetSignResult): SignedAnswer;
}

/**
 * How long before its stale time a busy entry is re-signed: a tenth of the window, at most 10 s. Long enough for
 * a signature on the thread pool or a remote signer's round trip, short enough that an object requested only
 * now and then is not signed twice. An entry signed with less than twice that left is refreshed halfway through
 * what it has: the objects first requested together (a restart) are then refreshed spread out, not on their
 * next request all at once.
 */
function refreshLeadMs(window: number): number {
  return Math.min(window * 100, 10_000);
}

/** Plans signatures on the cache's window grid. */
export class SignaturePlanner {
  readonly #cacheWindow: number;
  readonly #statuses: RedirectStatuses;
  readonly #now: Clock;

  /** `cacheWindow`: the `cache.window` option, 0 with the cache off. */
  constructor(cacheWindow: number, statuses: RedirectStatuses, now: Clock) {
    this.#cacheWindow = cacheWindow;
    this.#statuses = statuses;
    this.#now = now;
  }

  /**
   * The signature for an entry that takes over at `fromMs`: now for a miss, the current entry's stale time for
   * a refresh. The entry goes stale `jitter` ms before its second; the grid is taken from that shifted instant,
   * so the entry is always fresh when stored and its URL still has at least `lifetime` to live when it goes stale.
   */
  plan(wanted: SignatureRequest, fromMs: number): PlannedSignature {
    const { route, key, lifetime, method, clientIp, overrides, nowMs } = wanted;
    const { target } = route.location;
    // At most a fifth of the lifetime, so that a URL is reused for a small part of its life only.
    const window = Math.min(this.#cacheWindow, Math.floor(lifetime / 5));
    const jitter = window > 1 ? staleJitterMs(key) : 0;
    const { expiresAt, staleAt } = windowedExpiry((fromMs + jitter) / 1000, lifetime, window, window > 1 ? windowPhase(key, window) : 0);
    const staleAtMs = staleAt * 1000 - jitter;
    const input: TargetSignInput = { key: route.key, query: route.query, expiresAt, method, nowMs };
    if (clientIp !== undefined) input.clientIp = clientIp;
    if (overrides !== undefined && target.mode !== 'stream') input.overrides = overrides;
    const status = wanted.safeMethod ? this.#statuses.safe : this.#statuses.unsafe;
    const now = this.#now;
    return {
      input,
      staleAtMs,
      refreshAtMs: window > 1 ? staleAtMs - Math.min(refreshLeadMs(window), (staleAtMs - fromMs) / 2) : Number.POSITIVE_INFINITY,
      answer: (result) => ({
        result,
        redirect: target.mode === 'stream' ? undefined : new SharedRedirect(status, result, target.redirectCacheControl, expiresAt, now()),
      }),
    };
  }
}
