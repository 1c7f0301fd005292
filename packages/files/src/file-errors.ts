import { AccelError } from '@cdn-accel/core';

/** The answer for a missing file and for every refusal alike (a dotfile, a folder, a symlink out of root): 404. */
export function fileNotFound(cause?: unknown): AccelError {
  return new AccelError('ERR_ACCEL_ORIGIN', 'Not Found (the file does not exist)', { status: 404, cause });
}

/** A file that exists but cannot be read (permissions, an I/O error): ours to fix, not the client's. */
export function fileUnreadable(cause: unknown): AccelError {
  return new AccelError('ERR_ACCEL_ORIGIN', 'Internal Server Error (the file could not be read)', { status: 500, cause });
}

/** The client went away before the file was opened: nothing is sent. */
export function clientGone(): AccelError {
  return new AccelError('ERR_ACCEL_ORIGIN', 'The client went away', { status: 499 });
}

/** The file ended before the bytes its headers announced: the response is cut, never ended short. */
export function fileTruncated(at: number, expected: number): AccelError {
  return new AccelError('ERR_ACCEL_ORIGIN', `The file was truncated while it was sent (it ended at byte ${at} of ${expected})`, { status: 500 });
}
