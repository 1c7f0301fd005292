import type { Readable } from 'node:stream';
import type { HeaderPairs, StreamDecision } from './decision.js';

/** What the adapter sends: the status, the headers in order, and the body to pipe (`null`: end at once). */
export interface StreamResponse {
  status: number;
  headers: HeaderPairs;
  body: Readable | null;
  /** False when the app sent `X-Accel-Buffering: no`: flush headers at once and write each chunk as it comes. */
  buffering: boolean;
}

/** What a stream source is handed with each decision. */
export interface StreamSourceOptions {
  /** Aborted when the client goes away before the answer is under way. */
  signal: AbortSignal;
  /** Clock for the `limitRate` throttle, ms since the epoch. @default Date.now */
  now?: () => number;
}

/**
 * A target's own source of stream answers, used in place of fetching the decision's URL over HTTP (local files).
 * `open` answers as the HTTP fetch does: the decision's `overrideHeaders` win over the source's own headers,
 * its `fallbackHeaders` fill in names the source did not send, `charset` is added to a textual type, the
 * location's `headerRules` apply once the status is known (`withLocationHeaders` of `@cdn-accel/core/internal`), the
 * body is throttled to `limitRate` after `limitRateAfter` bytes, `buffering` is passed on, and no
 * body follows a HEAD or a 304. It rejects with an `AccelError` (404 for a missing object) before anything is
 * written; a failure later destroys the body.
 */
export interface StreamSource {
  open(decision: StreamDecision, options: StreamSourceOptions): Promise<StreamResponse>;
}
