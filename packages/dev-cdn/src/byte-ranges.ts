import type { ByteRange } from '@cdn-accel/core/internal';
import parseRange from 'range-parser';
import { ifRangeAllows, type RequestHeaders } from './conditional.js';
import type { Validators } from './validators.js';


/** What a `Range` header asks of a file of `size` bytes. */
export type RangePlan =
  | { kind: 'full' }
  | { kind: 'unsatisfiable' }
  | { kind: 'partial'; ranges: ByteRange[] };

/** Multi-range requests beyond this many parts are answered whole, as a guard against tiny-range floods. */
export const MAX_RANGES = 50;

/**
 * Reads `Range` (bytes only; overlapping ranges are combined, like Nginx and `send`) under `If-Range`.
 * A malformed header, another unit or a stale `If-Range` gets the whole file; no satisfiable range gets 416.
 */
export function planRanges(headers: RequestHeaders, size: number, validators: Validators): RangePlan {
  const range = headers.range;
  if (typeof range !== 'string' || !ifRangeAllows(headers, validators)) return { kind: 'full' };
  const parsed = parseRange(size, range, { combine: true });
  if (parsed === -2) return { kind: 'full' };
  if (parsed === -1) return { kind: 'unsatisfiable' };
  if (parsed.type !== 'bytes') return { kind: 'full' };
  // SECURITY: thousands of one-byte ranges turn a small file into a large, slow response; answer whole instead.
  if (parsed.length > MAX_RANGES) return { kind: 'full' };
  return { kind: 'partial', ranges: parsed.map(({ start, end }) => ({ start, end })) };
}
