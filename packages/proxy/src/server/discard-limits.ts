// How the proxy drops an app's body after an X-Accel-Redirect (upstream-exchange.ts): the client's answer does
// not depend on it, so it is never waited for.

/** Bytes of an unwanted body read, at most, so that its connection can serve the next request. */
export const DRAIN_LIMIT = 64 * 1024;
/** How long an unwanted body may take to arrive before its upstream request is ended instead. */
export const DRAIN_TIME_MS = 1000;
