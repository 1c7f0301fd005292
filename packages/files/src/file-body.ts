import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { debuglog } from 'node:util';
import type { ByteRange } from '@cdn-accel/core/internal';
import { fileTruncated } from './file-errors.js';

const debug = debuglog('cdn-accel:files');

/** A body piece: bytes written as they are (a multipart delimiter), or a range of the open file. */
export type BodyPiece = Buffer | ByteRange;

// As fs.createReadStream reads: one read of the thread pool per chunk.
const CHUNK_SIZE = 64 * 1024;

async function* readRange(handle: FileHandle, range: ByteRange): AsyncGenerator<Buffer> {
  let position = range.start;
  while (position <= range.end) {
    const wanted = Math.min(CHUNK_SIZE, range.end - position + 1);
    const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(wanted), 0, wanted, position);
    // SECURITY: the file shrank while it was sent. The headers promised more bytes; ending the body short would let
    // the next response on a kept-alive connection be read as the rest of this one. The error cuts the response
    // (the connection is closed, an HTTP/2 stream reset), as Nginx does ("file was truncated").
    if (bytesRead === 0) throw fileTruncated(position, range.end + 1);
    position += bytesRead;
    yield bytesRead === wanted ? buffer : buffer.subarray(0, bytesRead);
  }
}

async function* readPieces(handle: FileHandle, pieces: readonly BodyPiece[]): AsyncGenerator<Buffer> {
  for (const piece of pieces) {
    if (Buffer.isBuffer(piece)) yield piece;
    else yield* readRange(handle, piece);
  }
}

/**
 * A response body read from the one descriptor the checks were made on (never from the path again, which may
 * name another file by now), with positioned reads that add nothing to the handle, whatever the number of parts.
 * The handle is closed when the body is done or destroyed.
 */
export function fileBody(handle: FileHandle, pieces: readonly BodyPiece[]): Readable {
  const body = Readable.from(readPieces(handle, pieces), { objectMode: false });
  body.once('close', () => {
    handle.close().catch((error: unknown) => debug('closing a file failed: %o', error));
  });
  return body;
}
