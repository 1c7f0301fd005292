import type { ServerResponse } from 'node:http';

/** Headers given straight to `res.writeHead(status, [reason], [headers])` are moved onto the response first. */
export function absorbHeaders(res: ServerResponse, status: unknown, reason: unknown, headers: unknown): void {
  if (typeof status === 'number') res.statusCode = status;
  const given = typeof reason === 'string' ? headers : reason;
  if (Array.isArray(given)) {
    for (let i = 0; i + 1 < given.length; i += 2) res.appendHeader(String(given[i]), given[i + 1] as string);
  } else if (given !== undefined && given !== null && typeof given === 'object') {
    for (const [name, value] of Object.entries(given)) if (value !== undefined) res.setHeader(name, value as string);
  }
}
