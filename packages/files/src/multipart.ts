import { randomBytes } from 'node:crypto';
import type { ByteRange } from './byte-ranges.js';
import type { BodyPiece } from './file-body.js';

/** The bytes around each part of a `multipart/byteranges` body, and the body's length. */
export interface MultipartLayout {
  boundary: string;
  /** Before each part: its delimiter and headers. */
  heads: Buffer[];
  /** After the last part: the closing delimiter. */
  trailer: Buffer;
  /** The whole body's length, for `Content-Length`. */
  length: number;
}

/** Lays out a `multipart/byteranges` body (RFC 9110, section 14.6) for `ranges` of a file of `size` bytes of `type`. */
export function layoutMultipart(ranges: readonly ByteRange[], size: number, type: string): MultipartLayout {
  const boundary = randomBytes(12).toString('hex');
  const heads = ranges.map((range, index) =>
    Buffer.from(`${index === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${range.start}-${range.end}/${size}\r\n\r\n`, 'latin1'),
  );
  const trailer = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  let length = trailer.length;
  for (const [index, range] of ranges.entries()) length += (heads[index] as Buffer).length + range.end - range.start + 1;
  return { boundary, heads, trailer, length };
}

/** The body's pieces in order: each part's head and range, then the closing delimiter. */
export function multipartPieces(ranges: readonly ByteRange[], layout: MultipartLayout): BodyPiece[] {
  const pieces: BodyPiece[] = [];
  for (const [index, range] of ranges.entries()) pieces.push(layout.heads[index] as Buffer, range);
  pieces.push(layout.trailer);
  return pieces;
}
