import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { parseSecureLinkMd5, type SecureLinkExpression } from './expression.js';
import { parseSecureLink, type LinkParameters } from './link-parameters.js';
import type { SecureLinkOptions } from './types.js';

export interface SecureLinkSettings {
  expression: SecureLinkExpression;
  secret: string;
  parameters: LinkParameters;
}

const MIN_SECRET = 16;
const SECRET_FIX = 'Use a long random string (e.g. the output of `openssl rand -base64 32`), the same as in the Nginx configuration';

/** SECURITY: the secret is never shown, only what is wrong with it. */
function checkSecret(value: unknown, allowShort: boolean): string {
  if (typeof value !== 'string') throw configError('secret', `expected a string, got ${value === null || typeof value !== 'object' ? describeValue(value) : 'an object'}`, SECRET_FIX);
  if (value === '') throw configError('secret', 'is empty', SECRET_FIX);
  if (/[\x00-\x1f\x7f]/.test(value)) throw configError('secret', `the secret (${value.length} characters) contains a line break or another control character`, `${SECRET_FIX}, without its line break`);
  if (value.includes('$')) throw configError('secret', 'contains "$", which Nginx would read as the start of a variable', SECRET_FIX);
  if (!allowShort && value.length < MIN_SECRET) throw configError('secret', `is ${value.length} characters long; links show an MD5 over it, so a short secret can be found by trying`, `${SECRET_FIX} (at least ${MIN_SECRET} characters)`);
  return value;
}

/** Validates what the signer and the verifier share, once. */
export function secureLinkSettings(options: SecureLinkOptions): SecureLinkSettings {
  if (options === null || typeof options !== 'object') throw configError('options', `expected an options object, got ${describeValue(options)}`, 'Pass { baseUrl, secureLinkMd5, secret }');
  if (options.allowShortSecret !== undefined && typeof options.allowShortSecret !== 'boolean') {
    throw configError('allowShortSecret', `expected true or false, got ${describeValue(options.allowShortSecret)}`, 'Leave it out (false)');
  }
  return {
    expression: parseSecureLinkMd5(options.secureLinkMd5, 'secureLinkMd5'),
    secret: checkSecret(options.secret, options.allowShortSecret === true),
    parameters: parseSecureLink(options.secureLink, 'secureLink'),
  };
}

/** The base URL split into what goes on the wire and what Nginx's `$uri` has for it. */
export function checkBaseUrl(value: unknown): { origin: string; basePath: string; decodedBasePath: string } {
  const fix = "Use e.g. 'https://files.example.com/protected/' (the Nginx location the links point to)";
  let url: URL | undefined;
  try {
    url = typeof value === 'string' && !value.includes('?') && !value.includes('#') ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') {
    throw configError('baseUrl', `expected an absolute https:// URL without credentials, query or fragment, got ${describeValue(value)}`, fix);
  }
  const basePath = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  let decodedBasePath: string;
  try {
    decodedBasePath = decodeURIComponent(basePath).replace(/\/{2,}/g, '/');
  } catch {
    throw configError('baseUrl', 'its path is not valid percent-encoded UTF-8', fix);
  }
  return { origin: url.origin, basePath, decodedBasePath };
}
