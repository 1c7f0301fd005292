import type { ServerResponse } from 'node:http';
import { headerRecord } from '@cdn-accel/core/internal';
import { endToEndTrailers } from './hop-by-hop.js';

/**
 * Adds the app's trailers the client may see (endToEndTrailers) to `res`. Over HTTP/1.1 as a list of pairs,
 * which keeps a repeated name's values apart; Node's HTTP/2 compatibility response takes only an object (it
 * reads a list's indexes as names), so there a repeated name carries its values as an array.
 */
export function addAppTrailers(res: ServerResponse, raw: readonly string[], dropped: ReadonlySet<string>): void {
  const pairs = endToEndTrailers(raw, dropped);
  if (pairs.length === 0) return;
  if (res.req?.httpVersionMajor !== 2) {
    res.addTrailers(pairs);
    return;
  }
  res.addTrailers(headerRecord(pairs));
}
