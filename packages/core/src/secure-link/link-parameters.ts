import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';

/** The query parameters that carry the hash and the expiry (Nginx's `secure_link $arg_md5,$arg_expires`). */
export interface LinkParameters {
  hash: string;
  expires: string;
}

const ARGUMENT = String.raw`\$(?:\{arg_([A-Za-z0-9_]+)\}|arg_([A-Za-z0-9_]+))`;
const SECURE_LINK = new RegExp(`^${ARGUMENT},${ARGUMENT}$`);
export const DEFAULT_SECURE_LINK = '$arg_md5,$arg_expires';

/**
 * Reads a `secure_link` expression of the query form, `$arg_<hash>,$arg_<expires>`: the hash and the expiry
 * from two query parameters. Links without an expiry, or with the hash in the path or a cookie, are not made here.
 */
export function parseSecureLink(value: unknown, field: string): LinkParameters {
  if (value === undefined) return { hash: 'md5', expires: 'expires' };
  const match = typeof value === 'string' ? SECURE_LINK.exec(value) : null;
  if (match === null) {
    throw configError(field, `expected "$arg_<hash parameter>,$arg_<expiry parameter>" as in Nginx's secure_link, got ${describeValue(value)}`, `Use e.g. '${DEFAULT_SECURE_LINK}' (the default), the same as the secure_link directive of the location`);
  }
  const hash = (match[1] ?? match[2])!;
  const expires = (match[3] ?? match[4])!;
  // Nginx matches $arg_ names without regard to case.
  if (hash.toLowerCase() === expires.toLowerCase()) throw configError(field, `the hash and the expiry are both read from "${hash}"`, `Use two parameters, e.g. '${DEFAULT_SECURE_LINK}'`);
  return { hash, expires };
}
