import { randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ByteRange } from './byte-ranges.js';

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

async function* parts(handle: FileHandle, ranges: readonly ByteRange[], layout: MultipartLayout): AsyncGenerator<Buffer> {
  try {
    for (const [index, range] of ranges.entries()) {
      yield layout.heads[index] as Buffer;
      for await (const chunk of handle.createReadStream({ start: range.start, end: range.end, autoClose: false })) yield chunk as Buffer;
    }
    yield layout.trailer;
  } finally {
    await handle.close();
  }
}

/** The body, read from one open file, so that every part comes from the same file even if it is replaced meanwhile. */
export async function multipartBody(path: string, ranges: readonly ByteRange[], layout: MultipartLayout): Promise<Readable> {
  const handle = await open(path, 'r');
  return Readable.from(parts(handle, ranges, layout), { objectMode: false });
}
