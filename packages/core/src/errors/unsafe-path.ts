import { AccelError } from './accel-error.js';

/** The refusal of an `X-Accel-Redirect` value that is not a plain internal path (404, shown to the client). */
export function unsafePath(reason: string): AccelError {
  // The message goes to clients (404, expose): it names the rule, never the path.
  return new AccelError('ERR_ACCEL_UNSAFE_PATH', `Not Found (unsafe internal path: ${reason})`, { status: 404 });
}
