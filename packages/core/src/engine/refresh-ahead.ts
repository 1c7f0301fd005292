import { debuglog } from 'node:util';
import { claimRefresh, type CacheEntry } from '../cache/signed-url-cache.js';
import type { TargetSignResult } from '../contract/target.js';
import type { Clock } from '../runtime/clock.js';
import type { AnswerCache } from './answer-cache.js';
import type { SignedAnswer } from './build-decision.js';
import type { SignaturePlanner } from './plan-signature.js';
import type { SignatureRequest } from './signature-request.js';
import { signingFailed } from './signing-error.js';

const debug = debuglog('cdn-accel:engine');

/**
 * Signs the successor of an entry that is still being served, off the event loop where the target can, so
 * that requests for a busy object never wait for its next signature. A miss that comes while it is still under
 * way shares it, as concurrent misses share one signature; once it has failed, the next miss signs anew.
 */
export class RefreshAhead {
  readonly #planner: SignaturePlanner;
  readonly #cache: AnswerCache;
  readonly #now: Clock;

  constructor(planner: SignaturePlanner, cache: AnswerCache, now: Clock) {
    this.#planner = planner;
    this.#cache = cache;
    this.#now = now;
  }

  /** Starts the refresh of `current` once its time has come: once per entry, even when it fails. */
  refreshIfDue(current: CacheEntry<SignedAnswer>, wanted: SignatureRequest): void {
    if (!claimRefresh(current, wanted.nowMs)) return;
    const target = wanted.route.location.target;
    const planned = this.#planner.plan(wanted, current.staleAtMs);
    let signed: Promise<TargetSignResult>;
    try {
      signed = target.signAhead === undefined ? Promise.resolve(target.sign(planned.input)) : target.signAhead(planned.input);
    } catch (error) {
      signed = Promise.reject(error);
    }
    const successor = signed.then((result) => {
      const answer = planned.answer(result);
      this.#cache.storeSuccessor(wanted, current, answer, planned.staleAtMs, planned.refreshAtMs, this.#now());
      return answer;
    }, (error: unknown) => {
      throw signingFailed(error);
    });
    this.#cache.track(wanted, successor).catch((error: unknown) => debug('refresh ahead failed (%s): the entry is signed again once stale', (error as { code?: string }).code));
  }
}
