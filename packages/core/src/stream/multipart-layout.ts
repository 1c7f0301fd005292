import { randomBytes } from 'node:crypto';

/** One inclusive byte range, as `Content-Range` writes it. */
export interface ByteRange {
  start: number;
  end: number;
}

/** One part of a `multipart/byteranges` body: its header block and the bytes it carries. */
export interface MultipartPart {
  head: string;
  range: ByteRange;
}

/** A `multipart/byteranges` body (RFC 9110 §14.6), laid out before the first byte is read. */
export interface MultipartLayout {
  contentType: string;
  parts: MultipartPart[];
  trailer: string;
  /** Exact body length, so the response carries `Content-Length` like S3 and CloudFront do. */
  length: number;
}

/** Lays out the parts of `ranges` of a file of `size` bytes, each labelled `partType`, around a random boundary. */
export function layoutMultipart(ranges: readonly ByteRange[], size: number, partType: string, boundary = randomBytes(12).toString('hex')): MultipartLayout {
  const parts = ranges.map((range, index) => ({
    head: `${index === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${partType}\r\nContent-Range: bytes ${range.start}-${range.end}/${size}\r\n\r\n`,
    range,
  }));
  const trailer = `\r\n--${boundary}--\r\n`;
  const length = parts.reduce((total, part) => total + Buffer.byteLength(part.head) + part.range.end - part.range.start + 1, Buffer.byteLength(trailer));
  return { contentType: `multipart/byteranges; boundary=${boundary}`, parts, trailer, length };
}
