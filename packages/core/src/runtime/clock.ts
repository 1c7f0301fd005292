/** Milliseconds since the epoch, like `Date.now`. Injected so tests and vectors can fix time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
