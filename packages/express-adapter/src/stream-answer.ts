import type { ServerResponse } from 'node:http';
import type { StreamDecision } from '@cdn-accel/core';
import { fetchStream, removeResponseHeaders } from '@cdn-accel/core/internal';
import { destroySources, type Hold } from './held-response.js';
import { setDecisionHeaders } from './response-headers.js';

/**
 * Stream mode: the app's body is dropped and its later writes go nowhere; the object fetched from the signed
 * URL is written through the response's own methods. A client that goes away aborts the CDN request; a CDN
 * failure before the first byte goes to `fail` (then `next(err)`), after it cuts the connection.
 */
export function streamAnswer(res: ServerResponse, decision: StreamDecision, hold: Hold, fail: (error: unknown) => void): void {
  destroySources(res, hold);
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  res.once('close', abort);
  fetchStream(decision, { signal: controller.signal }).then((result) => {
    // The decision's overrides already carry the app's Set-Cookie: start from no header at all.
    removeResponseHeaders(res, undefined);
    setDecisionHeaders(res, result.headers);
    hold.writeHead.call(res, result.status);
    if (!result.buffering) res.flushHeaders();
    const body = result.body;
    if (body === null) {
      hold.end.call(res);
      return;
    }
    res.once('close', () => body.destroy());
    res.on('drain', () => body.resume());
    body.on('data', (chunk: Buffer) => {
      if (hold.write.call(res, chunk) === false) body.pause();
    });
    body.once('end', () => hold.end.call(res));
    body.once('error', () => res.destroy());
  }, (error: unknown) => {
    res.off('close', abort);
    if (!res.destroyed) fail(error);
  });
}
