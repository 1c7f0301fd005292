import { hash } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { AccelError } from '../errors/accel-error.js';
import { encodeObjectKey } from '../url/encode-object-key.js';
import { expiryText } from '../time/expiry-text.js';
import { compileExpression } from './expression.js';
import { uriOfKey } from './nginx-uri.js';
import { checkBaseUrl, secureLinkSettings } from './options.js';
import type { SecureLinkSignInput, SecureLinkSigner, SecureLinkSignerOptions } from './types.js';

/** `$remote_addr` for a client: IPv4 as Nginx prints it; an IPv4-mapped IPv6 address as its IPv4 part. */
function remoteAddr(clientIp: string | undefined): string {
  if (clientIp !== undefined) {
    const address = clientIp.startsWith('::ffff:') ? clientIp.slice(7) : clientIp;
    if (isIPv4(address)) return address;
  }
  // SECURITY: an expression with $remote_addr binds every link to an address; without one there is no link to make.
  throw new AccelError('ERR_ACCEL_INVALID_INPUT', 'Forbidden (this download is bound to an IPv4 address; connect over IPv4)', { status: 403 });
}

/** Nginx's `$arg_` takes the first parameter of a name (any case): an app parameter of that name would win. */
function checkQuery(query: string, names: readonly string[]): void {
  for (const pair of query.split('&')) {
    const name = pair.slice(0, pair.includes('=') ? pair.indexOf('=') : undefined).toLowerCase();
    if (names.includes(name)) throw new AccelError('ERR_ACCEL_INVALID_INPUT', `query: "${name}" is the link's own parameter; rename the parameter`, { status: 400 });
  }
}

/**
 * Links for an Nginx location with `secure_link $arg_md5,$arg_expires;` and `secure_link_md5 "<expression>";`:
 * the expression is checked and the base URL split once; each link is one MD5 over the expression's text, as
 * base64url without padding (what `openssl md5 -binary | openssl base64 | tr +/ -_ | tr -d =` gives).
 */
export function createSecureLinkSigner(options: SecureLinkSignerOptions): SecureLinkSigner {
  const { expression, secret, parameters } = secureLinkSettings(options);
  const { origin, basePath, decodedBasePath } = checkBaseUrl(options.baseUrl);
  const hashIs = `${parameters.hash}=`;
  const expiresIs = `&${parameters.expires}=`;
  const usesRemoteAddr = expression.usesRemoteAddr;
  const material = compileExpression(expression, secret);
  const ownNames = [parameters.hash.toLowerCase(), parameters.expires.toLowerCase()];
  const expiry = expiryText();
  return {
    needsClientIp: usesRemoteAddr,
    signUrl(input: SecureLinkSignInput): string {
      const key = input.key.charCodeAt(0) === 0x2f ? input.key.slice(1) : input.key;
      const path = basePath + encodeObjectKey(key);
      const expires = expiry(input.expiresAt);
      // The one-shot crypto.hash: no Hash object per link.
      const digest = hash('md5', material(uriOfKey(decodedBasePath, key), expires, usesRemoteAddr ? remoteAddr(input.clientIp) : ''), 'base64url');
      if (input.query !== undefined && input.query !== '') checkQuery(input.query, ownNames);
      const query = input.query === undefined || input.query === '' ? '' : `${input.query}&`;
      return `${origin}${path}?${query}${hashIs}${digest}${expiresIs}${expires}`;
    },
  };
}
