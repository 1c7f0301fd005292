import type { MaybePromise } from '../contract/maybe-promise.js';
import type { TargetSignResult } from '../contract/target.js';
import type { Clock } from '../runtime/clock.js';
import { isPromiseLike } from '../runtime/maybe-promise.js';
import type { AnswerCache } from './answer-cache.js';
import type { SignedAnswer } from './build-decision.js';
import type { PlannedSignature, SignaturePlanner } from './plan-signature.js';
import type { SignatureBatch } from './signature-batch.js';
import type { SignatureRequest } from './signature-request.js';
import { signingFailed } from './signing-error.js';

/**
 * The miss path: one signature, shared while it is under way, cached until its entry goes stale. Synchronous
 * where the target signs synchronously and is not batched.
 */
export class MissSigner {
  readonly #planner: SignaturePlanner;
  readonly #cache: AnswerCache | undefined;
  readonly #batch: SignatureBatch | undefined;
  readonly #now: Clock;

  constructor(planner: SignaturePlanner, cache: AnswerCache | undefined, batch: SignatureBatch | undefined, now: Clock) {
    this.#planner = planner;
    this.#cache = cache;
    this.#batch = batch;
    this.#now = now;
  }

  sign(wanted: SignatureRequest): MaybePromise<SignedAnswer> {
    const planned = this.#planner.plan(wanted, wanted.nowMs);
    // A target with signAhead signs with local CPU-heavy crypto: those signatures are batched.
    const batched = this.#batch !== undefined && wanted.route.location.target.signAhead !== undefined;
    const answer = batched ? (this.#batch as SignatureBatch).run(() => this.#signNow(wanted, planned)) : this.#signNow(wanted, planned);
    if (!isPromiseLike(answer) || this.#cache === undefined) return answer;
    return this.#cache.track(wanted, answer);
  }

  #signNow(wanted: SignatureRequest, planned: PlannedSignature): MaybePromise<SignedAnswer> {
    let result: MaybePromise<TargetSignResult>;
    try {
      result = wanted.route.location.target.sign(planned.input);
    } catch (error) {
      throw signingFailed(error);
    }
    if (!isPromiseLike(result)) return this.#store(wanted, planned, result);
    return result.then((signed) => this.#store(wanted, planned, signed), (error: unknown) => {
      throw signingFailed(error);
    });
  }

  #store(wanted: SignatureRequest, planned: PlannedSignature, result: TargetSignResult): SignedAnswer {
    const answer = planned.answer(result);
    this.#cache?.store(wanted, answer, planned.staleAtMs, planned.refreshAtMs, this.#now());
    return answer;
  }
}
