import type { AccelTarget, TargetSignInput, TargetSignResult } from './types.js';

interface Job {
  target: AccelTarget;
  input: TargetSignInput;
  resolve(result: TargetSignResult | PromiseLike<TargetSignResult>): void;
  reject(error: unknown): void;
}

/**
 * Signatures asked for during one turn of the event loop, made back to back once its I/O callbacks are done
 * (setImmediate runs right after them). An RSA or ECDSA signature made between two requests' worth of HTTP
 * parsing, routing and writing finds the CPU caches full of those, and costs two to three times what it does in
 * a row with others: an app that signs each request on the spot reached 0.70× of 1/(sign + request) with ECDSA
 * keys, the same app signing in batches 0.89× (see the cache-off rows of `pnpm bench http`).
 */
export class SignatureBatch {
  #jobs: Job[] = [];
  readonly #flush = (): void => {
    const jobs = this.#jobs;
    this.#jobs = [];
    for (const { target, input, resolve, reject } of jobs) {
      try {
        resolve(target.sign(input));
      } catch (error) {
        reject(error);
      }
    }
  };

  sign(target: AccelTarget, input: TargetSignInput): Promise<TargetSignResult> {
    return new Promise((resolve, reject) => {
      if (this.#jobs.length === 0) setImmediate(this.#flush);
      this.#jobs.push({ target, input, resolve, reject });
    });
  }
}
