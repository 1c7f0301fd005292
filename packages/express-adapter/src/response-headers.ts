import type { OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { isAccelHeader, type HeaderPairs } from '@cdn-accel/core';

/** Removes every header the app set, except `keep` (lower case). */
export function removeHeaders(res: ServerResponse, keep: string | undefined): void {
  for (const name of res.getHeaderNames()) if (name !== keep) res.removeHeader(name);
}

export function stripAccelHeaders(res: ServerResponse): void {
  for (const name of res.getHeaderNames()) if (isAccelHeader(name)) res.removeHeader(name);
}

/** Writes decision headers; `Set-Cookie` lines are added to the app's, not put in their place. */
export function setDecisionHeaders(res: ServerResponse, headers: HeaderPairs): void {
  for (const [name, value] of headers) {
    if (name !== 'Set-Cookie') {
      res.setHeader(name, value);
      continue;
    }
    const existing = res.getHeader('set-cookie');
    const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
    res.setHeader('Set-Cookie', [...list, value]);
  }
}

/**
 * `res.writeHead(status, [reason], [headers])` may carry headers (an object or a flat `[name, value, …]` list)
 * that were never `setHeader`-ed: move them onto the response so the engine sees them. Returns the reason.
 */
export function absorbWriteHeadArguments(res: ServerResponse, args: unknown[]): string | undefined {
  const [status, second, third] = args;
  if (typeof status === 'number') res.statusCode = status;
  const reason = typeof second === 'string' ? second : undefined;
  const headers = (typeof second === 'string' ? third : second) as OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) res.appendHeader(String(headers[i]), headers[i + 1] as string);
  } else if (headers !== undefined && headers !== null && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  }
  return reason;
}
