import { AccelError } from '../errors/accel-error.js';
import { encodeObjectKey } from '../url/encode-object-key.js';
import { expiryText } from '../time/expiry-text.js';
import { bunnyIpText } from './ip-bytes.js';
import { bunnySettings, type BunnySettings } from './options.js';
import { appParameters, byName, encodeComponent, joinParameters, parameter } from './parameters.js';
import { bunnyToken } from './token.js';
import type { BunnySignInput, BunnySigner, BunnySignerOptions } from './types.js';

const ASCII = /^[\x00-\x7f]*$/;
// RFC 3986 path characters (pchar and "/"), and a "." or ".." segment, which browsers resolve before sending.
const PATH_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

function invalid(message: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', message, { status: 400 });
}

interface Signed { signing: string; wire: string; ascii: boolean }

/** The signed parameters of one URL: the fixed ones, the app's own (unless ignored) and token_path, sorted. */
function parametersOf(s: BunnySettings, fixed: Signed, query: string, tokenPath: string | undefined): Signed {
  const app = s.ignoreParams || query === '' ? undefined : appParameters(query);
  if (app === undefined || app.length === 0) {
    // Fixed parameters and a token_path (a prefix of the encoded path) are ASCII.
    if (tokenPath === undefined) return fixed;
    // token_path sorts after every fixed name (limit, token_countries, token_countries_blocked, token_ignore_params).
    const and = fixed.signing === '' ? '' : '&';
    return { signing: `${fixed.signing}${and}token_path=${tokenPath}`, wire: `${fixed.wire}${and}token_path=${encodeComponent(tokenPath)}`, ascii: true };
  }
  const all = [...s.fixed, ...app];
  if (tokenPath !== undefined) all.push(parameter('token_path', tokenPath));
  const joined = joinParameters(all.sort(byName));
  return { ...joined, ascii: ASCII.test(joined.signing) };
}

/** SECURITY: a pre-encoded path cannot carry a query, a fragment, a control character or a dot segment into the URL. */
function checkPath(path: string): string {
  const dotSegment = (path.charCodeAt(0) === 0x2e || path.includes('/.')) && DOT_SEGMENT.test(path);
  if (dotSegment || !PATH_CHARACTERS.test(path)) throw invalid('path: expected a percent-encoded URL path without "." or ".." segments');
  return path.charCodeAt(0) === 0x2f ? path.slice(1) : path;
}

function checkTokenPath(tokenPath: string | undefined, path: string): string | undefined {
  if (tokenPath === undefined) return undefined;
  if (tokenPath === 'folder') return path.slice(0, path.lastIndexOf('/') + 1);
  // SECURITY: a token_path that is not a prefix of the path would make a token for something else.
  if (!tokenPath.startsWith('/') || !path.startsWith(tokenPath)) throw invalid('tokenPath: must be a prefix of the URL path, starting with "/", or \'folder\'');
  return tokenPath;
}

/**
 * A bunny.net token signer (the current `HS256-` tokens, HMAC-SHA256): validates the key and restrictions once;
 * each `signUrl` is one HMAC over `signaturePath + expires + ipBytes + signingData`, the message and URL bunny.net's
 * official signers build (checked against their shared vectors).
 */
export function createBunnySigner(options: BunnySignerOptions): BunnySigner {
  const s = bunnySettings(options);
  const pathOf = (key: string): string => s.basePath + encodeObjectKey(key.charCodeAt(0) === 0x2f ? key.slice(1) : key);
  const expiryOf = expiryText();
  const fixed: Signed = { signing: s.fixedSigning, wire: s.fixedWire, ascii: true };
  return {
    signUrl(input: BunnySignInput): string {
      const path = input.path === undefined ? pathOf(input.key) : s.basePath + checkPath(input.path);
      const expires = expiryOf(input.expiresAt);
      const query = input.query ?? '';
      const tokenPath = checkTokenPath(input.tokenPath, path);
      let ip: string | undefined;
      if (input.clientIp !== undefined && input.clientIp !== '') {
        ip = bunnyIpText(input.clientIp);
        if (ip === undefined) throw invalid('clientIp: not an IPv4 or IPv6 address');
      }
      const { signing, wire, ascii } = parametersOf(s, fixed, query, tokenPath);
      const token = bunnyToken(s.hmac, (tokenPath ?? path) + expires, ip, signing, ascii);
      const signed = wire === '' ? `&expires=${expires}` : `&${wire}&expires=${expires}`;
      // SECURITY: a carried query is not signed, but must not name a token parameter either (the edge would read it).
      const carried = s.ignoreParams && query !== '' && appParameters(query).length > 0 ? query : '';
      if (s.form === 'directory') return `${s.origin}/bcdn_token=${token}${signed}${path}${carried === '' ? '' : `?${carried}`}`;
      return `${s.origin}${path}?token=${token}${signed}${carried === '' ? '' : `&${carried}`}`;
    },
    folderOf(key: string): string {
      const path = pathOf(key);
      return path.slice(0, path.lastIndexOf('/') + 1);
    },
  };
}
