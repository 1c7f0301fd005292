import type { ServerResponse } from 'node:http';
import type { StreamDecision } from '@cdn-accel/core';
import { sendStreamAnswer } from '@cdn-accel/core/internal';
import { destroySources, type Hold } from './held-response.js';

/**
 * Stream mode: the app's body is dropped and its later writes go nowhere; the object fetched from the signed
 * URL is written through the methods below the hold, so middleware mounted earlier sees it as any response. A
 * client that goes away aborts the CDN request; a CDN failure before the first byte goes to `fail` (then
 * `next(err)`), after it cuts the connection.
 */
export function streamAnswer(res: ServerResponse, decision: StreamDecision, hold: Hold, fail: (error: unknown) => void): void {
  destroySources(res, hold);
  sendStreamAnswer(decision, res, { writer: hold }).catch((error: unknown) => {
    if (!res.destroyed) fail(error);
  });
}
