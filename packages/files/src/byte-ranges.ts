import type { ByteRange } from '@cdn-accel/core/internal';
import parseRange from 'range-parser';


/** How a request's `Range` is handed to `send`, and the parts to answer with when it asked for several. */
export interface RangePlan {
  /** The `Range` header `send` gets: the first range alone, the client's as it came, or none. */
  range: string | undefined;
  /** Two or more ranges, answered as `multipart/byteranges` once `send` grants the first (a 206). */
  parts: ByteRange[] | undefined;
}

/** Requests for more parts than this are answered whole, as Apache and the local CDN emulator do. */
export const MAX_PARTS = 50;

/**
 * `send` answers one range and serves the whole file for several. Several ranges (combined where they overlap
 * or touch, as Nginx does) are therefore asked of `send` as their first one: its 206 says that the conditionals
 * and `If-Range` let the ranges through, and the parts are then read here. Malformed and unsatisfiable headers
 * go to `send` as they came, which answers them (the whole file, or 416).
 */
export function planRanges(range: string | undefined, size: number): RangePlan {
  if (range === undefined) return { range: undefined, parts: undefined };
  const parsed = parseRange(size, range, { combine: true });
  if (!Array.isArray(parsed) || parsed.type !== 'bytes') return { range, parts: undefined };
  // SECURITY: thousands of one-byte ranges would turn a small file into a large, slow response: answer it whole.
  if (parsed.length > MAX_PARTS) return { range: undefined, parts: undefined };
  const [first] = parsed as ByteRange[];
  if (first === undefined) return { range, parts: undefined };
  return { range: `bytes=${first.start}-${first.end}`, parts: parsed.length > 1 ? parsed.map(({ start, end }) => ({ start, end })) : undefined };
}
