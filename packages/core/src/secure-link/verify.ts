import { createHash, timingSafeEqual } from 'node:crypto';
import { debuglog } from 'node:util';
import { systemClock } from '../runtime/clock.js';
import { evaluateBytes } from './expression.js';
import { nginxUri } from './nginx-uri.js';
import { secureLinkSettings } from './options.js';
import type { SecureLinkFailure, SecureLinkOptions, SecureLinkRequest, SecureLinkResult, SecureLinkVerifier } from './types.js';

const trace = debuglog('cdn-accel:secure-link');
const BASE64URL = /^[A-Za-z0-9_-]$/;
const DIGITS = /^\d+$/;

function refuse(status: 400 | 403 | 410, reason: SecureLinkFailure, message: string): SecureLinkResult {
  trace('verify refused: %s (%s)', reason, message);
  return { ok: false, status, reason, message };
}

/** Nginx's `$arg_<name>`: the raw value of the first parameter of that name, compared without case; '' when absent. */
function argument(query: string, name: string): string {
  const wanted = name.toLowerCase();
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    if ((equals === -1 ? pair : pair.slice(0, equals)).toLowerCase() === wanted) return equals === -1 ? '' : pair.slice(equals + 1);
  }
  return '';
}

/** Nginx's base64url decoding: stops at `=`, refuses other characters and a length of 4n+1. */
function decodeHash(text: string): Buffer | undefined {
  let length = 0;
  while (length < text.length && text[length] !== '=') {
    if (!BASE64URL.test(text[length]!)) return undefined;
    length += 1;
  }
  return length % 4 === 1 ? undefined : Buffer.from(text.slice(0, length), 'base64url');
}

/**
 * Decides what Nginx's secure_link module decides for a request, from the same configuration: 403 when the hash
 * is missing, malformed or wrong, 410 when the link has expired. For the local emulator and tests; Nginx itself
 * is the authority (the integration suite runs one).
 */
export function createSecureLinkVerifier(options: SecureLinkOptions): SecureLinkVerifier {
  const { expression, secret, parameters } = secureLinkSettings(options);
  const secretBytes = Buffer.from(secret, 'utf8');
  return {
    verify(url: string, request: SecureLinkRequest = {}): SecureLinkResult {
      const clean = url.includes('#') ? url.slice(0, url.indexOf('#')) : url;
      const scheme = clean.indexOf('://');
      const pathStart = scheme === -1 ? -1 : clean.indexOf('/', scheme + 3);
      if (pathStart === -1) return refuse(400, 'malformed', 'not an absolute URL with a path');
      const questionMark = clean.indexOf('?', pathStart);
      const query = questionMark === -1 ? '' : clean.slice(questionMark + 1);
      const uri = nginxUri(questionMark === -1 ? clean.slice(pathStart) : clean.slice(pathStart, questionMark));
      if (uri === undefined) return refuse(400, 'malformed', 'the path is not one Nginx accepts');
      // `secure_link $arg_hash,$arg_expires` is one string, split at its first comma.
      const link = `${argument(query, parameters.hash)},${argument(query, parameters.expires)}`;
      const comma = link.indexOf(',');
      const expires = link.slice(comma + 1);
      const hashText = link.slice(0, comma);
      if (!DIGITS.test(expires) || !Number.isSafeInteger(Number(expires)) || Number(expires) <= 0) return refuse(403, 'malformed', 'the expiry is missing or not whole seconds');
      const hash = hashText.length > 24 ? undefined : decodeHash(hashText);
      if (hash === undefined || hash.length !== 16) return refuse(403, 'malformed', 'the hash is missing or not 16 bytes of base64url');
      const values = { uri, secure_link_expires: Buffer.from(expires), remote_addr: Buffer.from(request.remoteAddr ?? ''), secret: secretBytes };
      const expected = createHash('md5').update(evaluateBytes(expression, values)).digest();
      if (!timingSafeEqual(hash, expected)) return refuse(403, 'bad-signature', 'the hash does not match');
      if (Number(expires) < Math.floor((request.now ?? systemClock)() / 1000)) return refuse(410, 'expired', 'the link has expired');
      return { ok: true, expires: Number(expires) };
    },
  };
}
