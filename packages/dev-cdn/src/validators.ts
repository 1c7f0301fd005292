import type { Stats } from 'node:fs';

/** The two validators the emulator sends with every file, like S3 (`ETag`, `Last-Modified`). */
export interface Validators {
  /** A strong entity tag. Files here have no stored content hash, so size and mtime stand in, the way `send` and Nginx do. */
  etag: string;
  /** HTTP-date of the file's modification time, whole seconds. */
  lastModified: string;
  /** The modification time truncated to whole seconds, for date comparisons. */
  lastModifiedMs: number;
}

export function validatorsFor(stat: Pick<Stats, 'size' | 'mtime'>): Validators {
  const lastModifiedMs = Math.floor(stat.mtime.getTime() / 1000) * 1000;
  return {
    etag: `"${stat.size.toString(16)}-${stat.mtime.getTime().toString(16)}"`,
    lastModified: new Date(lastModifiedMs).toUTCString(),
    lastModifiedMs,
  };
}
