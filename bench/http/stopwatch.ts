import type { Accel } from '@cdn-accel/core';

export interface Stopwatch {
  accel: Accel;
  reset(): void;
  /** Mean milliseconds per decide() since the last reset. */
  meanMs(): number;
}

/**
 * The engine with a stopwatch on decide(): the sign time as the server pays it during the run, with the load
 * generator busy on the other core, beside the idle figure from signTime().
 */
export function timed(accel: Accel): Stopwatch {
  let total = 0n;
  let calls = 0;
  const decide: Accel['decide'] = (request, response) => {
    const start = process.hrtime.bigint();
    try {
      return accel.decide(request, response);
    } finally {
      total += process.hrtime.bigint() - start;
      calls += 1;
    }
  };
  return {
    accel: { ...accel, decide },
    reset: () => {
      total = 0n;
      calls = 0;
    },
    meanMs: () => Number(total) / 1e6 / Math.max(1, calls),
  };
}
