import { AccelError } from '@cdn-accel/core';

/** Where a directive or a mistake is: the file as the report names it, and a 1-based line. */
export interface SourcePosition {
  file: string;
  line: number;
}

/** An Nginx configuration that cannot be read: `file:line: what is wrong`, the way `nginx -t` words it. */
export function confError(at: SourcePosition, message: string): AccelError {
  return new AccelError('ERR_ACCEL_CONFIG', `${at.file}:${at.line}: ${message}`, { status: 500, expose: false });
}
