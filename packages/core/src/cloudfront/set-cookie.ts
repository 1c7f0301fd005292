import { AccelError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import type { CookieAttributes } from './types.js';

const DOMAIN = /^\.?[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const PATH = /^\/[\x21-\x2b\x2d-\x3a\x3c-\x7e]*$/;

function invalid(message: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', message, { status: 400 });
}

/**
 * Validates cookie attributes and renders the part of `Set-Cookie` after `name=value`.
 * Defaults: `Path=/`, `Secure`, `HttpOnly`; no `Max-Age` (AWS advises session cookies).
 */
export function cookieAttributeSuffix(attributes: CookieAttributes = {}): string {
  const { domain, path = '/', secure = true, httpOnly = true, sameSite, maxAge } = attributes;
  let suffix = '';
  // SECURITY: `;`, `,`, spaces or control characters in Domain/Path would inject further attributes.
  if (domain !== undefined) {
    if (typeof domain !== 'string' || !DOMAIN.test(domain)) throw invalid(`cookie.domain: expected a host name such as ".example.com", got ${describeValue(domain)}; leave it out for the host only`);
    suffix += `; Domain=${domain}`;
  }
  if (typeof path !== 'string' || !PATH.test(path)) throw invalid(`cookie.path: expected a path that starts with "/" and has no ";", ",", spaces or control characters, got ${describeValue(path)}; use e.g. "/videos/"`);
  suffix += `; Path=${path}`;
  if (maxAge !== undefined) {
    if (!Number.isSafeInteger(maxAge) || maxAge < 0) throw invalid(`cookie.maxAge: expected a whole number of seconds ≥ 0, got ${describeValue(maxAge)}; use e.g. 3600, or leave it out for a session cookie`);
    suffix += `; Max-Age=${maxAge}`;
  }
  if (secure) suffix += '; Secure';
  if (httpOnly) suffix += '; HttpOnly';
  if (sameSite !== undefined) {
    if (sameSite !== 'Strict' && sameSite !== 'Lax' && sameSite !== 'None') throw invalid(`cookie.sameSite: expected "Strict", "Lax" or "None", got ${describeValue(sameSite)}; write it capitalised, as shown`);
    if (sameSite === 'None' && !secure) throw invalid('cookie.sameSite: "None" requires secure: true (browsers drop the cookie otherwise); set secure: true or pick "Lax"');
    suffix += `; SameSite=${sameSite}`;
  }
  return suffix;
}
