import type { ServerResponse } from 'node:http';
import type { RedirectDecision, StreamDecision } from '@cdn-accel/core';
import { sendStreamAnswer, setResponseHeaders, type FetchStreamOptions } from '@cdn-accel/core/internal';

/**
 * Writes a redirect (or signed cookies and their redirect) with an empty body, after `leading` header pairs
 * (`[name, value, name, value, …]`: the app's Set-Cookie lines).
 */
export function writeRedirect(decision: RedirectDecision, res: ServerResponse, leading: readonly string[] = []): void {
  for (let index = 0; index + 1 < leading.length; index += 2) res.appendHeader(leading[index] as string, leading[index + 1] as string);
  setResponseHeaders(res, decision.headers);
  res.setHeader('Content-Length', '0');
  res.writeHead(decision.status);
  res.end();
}

/**
 * Fetches the signed URL and streams it to the client. Resolves once the response is under way; rejects (before
 * anything is written) with the origin's `AccelError`. `dropHeaders` (lower case) are left off the client's headers.
 */
export function writeStream(decision: StreamDecision, res: ServerResponse, options: FetchStreamOptions, dropHeaders?: ReadonlySet<string>): Promise<void> {
  const { signal: _signal, ...fetchOptions } = options;
  return sendStreamAnswer(decision, res, dropHeaders === undefined ? fetchOptions : { ...fetchOptions, omitHeaders: dropHeaders });
}
