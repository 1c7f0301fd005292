import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { RedirectDecision, StreamDecision } from '@cdn-accel/core';
import { fetchStream, type FetchStreamOptions } from '@cdn-accel/core/internal';

/** Writes a redirect (or signed cookies and their redirect) with an empty body, after `leading` header pairs. */
export function writeRedirect(decision: RedirectDecision, res: ServerResponse, leading: string[] = []): void {
  const headers = leading;
  for (const [name, value] of decision.headers) headers.push(name, value);
  headers.push('Content-Length', '0');
  res.writeHead(decision.status, headers);
  res.end();
}

/**
 * Fetches the signed URL and streams it to the client. Resolves once the response is under way; rejects (before
 * anything is written) with the origin's `AccelError`. `dropHeaders` (lower case) are left off the client's headers.
 */
export async function writeStream(decision: StreamDecision, res: ServerResponse, options: FetchStreamOptions, dropHeaders?: ReadonlySet<string>): Promise<void> {
  const controller = new AbortController();
  const onClose = (): void => {
    if (!res.writableFinished) controller.abort();
  };
  res.on('close', onClose);
  const result = await fetchStream(decision, { ...options, signal: controller.signal });
  const headers: string[] = [];
  for (const [name, value] of result.headers) if (dropHeaders?.has(name.toLowerCase()) !== true) headers.push(name, value);
  res.writeHead(result.status, headers);
  if (!result.buffering) {
    res.socket?.setNoDelay(true);
    res.flushHeaders();
  }
  if (result.body === null) {
    res.end();
    return;
  }
  // An origin failure after the first byte destroys the client connection: a cut body, never a wrong one.
  pipeline(result.body, res, () => res.off('close', onClose));
}
