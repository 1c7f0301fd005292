import type { MaybePromise } from '../contract/maybe-promise.js';

interface Job {
  task(): unknown;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/**
 * Signatures asked for during one turn of the event loop, made back to back once its I/O callbacks are done
 * (setImmediate runs right after them): a signature made between two requests' worth of HTTP work finds the CPU
 * caches full of that work and costs more than in a row with others. The cache-off rows of `pnpm bench http`
 * (bench/http.bench.ts) measure the gain.
 */
export class SignatureBatch {
  #jobs: Job[] = [];
  readonly #flush = (): void => {
    const jobs = this.#jobs;
    this.#jobs = [];
    for (const { task, resolve, reject } of jobs) {
      try {
        resolve(task());
      } catch (error) {
        reject(error);
      }
    }
  };

  /** Runs `sign` (a signature and what is done with it) with the others of this turn; its result, as a promise. */
  run<T>(sign: () => MaybePromise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#jobs.length === 0) setImmediate(this.#flush);
      this.#jobs.push({ task: sign, resolve: resolve as (result: unknown) => void, reject });
    });
  }
}
