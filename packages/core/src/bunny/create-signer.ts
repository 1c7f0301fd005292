import { AccelError } from '../errors/accel-error.js';
import { encodeObjectKey } from '../url/encode-object-key.js';
import { bunnyIpBytes } from './ip-bytes.js';
import { bunnySettings, type BunnySettings } from './options.js';
import { appParameters, byName, joinParameters, parameter } from './parameters.js';
import { bunnyToken } from './token.js';
import type { BunnySignInput, BunnySigner, BunnySignerOptions } from './types.js';

function invalid(message: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', message, { status: 400 });
}

/** The signed parameters of one URL: the fixed ones, the app's own (unless ignored) and token_path, sorted. */
function parametersOf(s: BunnySettings, query: string, tokenPath: string | undefined): { signing: string; wire: string } {
  const app = s.ignoreParams || query === '' ? [] : appParameters(query);
  if (app.length === 0) {
    if (tokenPath === undefined) return { signing: s.fixedSigning, wire: s.fixedWire };
    // token_path sorts after every fixed name (limit, token_countries, token_countries_blocked, token_ignore_params).
    const path = parameter('token_path', tokenPath);
    const and = s.fixed.length === 0 ? '' : '&';
    return { signing: `${s.fixedSigning}${and}token_path=${tokenPath}`, wire: `${s.fixedWire}${and}${path.wire}` };
  }
  const all = [...s.fixed, ...app];
  if (tokenPath !== undefined) all.push(parameter('token_path', tokenPath));
  return joinParameters(all.sort(byName));
}

function checkExpiry(expiresAt: number): string {
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= 0) throw invalid(`expiresAt: expected whole seconds since the epoch, got ${String(expiresAt)}`);
  return String(expiresAt);
}

/**
 * A bunny.net token signer (the current `HS256-` tokens, HMAC-SHA256): validates the key and restrictions once;
 * each `signUrl` is one HMAC over `signaturePath + expires + ipBytes + signingData`, the message and URL bunny.net's
 * official signers build (checked against their shared vectors).
 */
export function createBunnySigner(options: BunnySignerOptions): BunnySigner {
  const s = bunnySettings(options);
  const pathOf = (key: string): string => s.basePath + encodeObjectKey(key.startsWith('/') ? key.slice(1) : key);
  return {
    signUrl(input: BunnySignInput): string {
      const path = pathOf(input.key);
      const expires = checkExpiry(input.expiresAt);
      const query = input.query ?? '';
      const tokenPath = input.tokenPath;
      // SECURITY: a token_path that is not a prefix of the path would make a token for something else.
      if (tokenPath !== undefined && (!tokenPath.startsWith('/') || !path.startsWith(tokenPath))) {
        throw invalid('tokenPath: must be a prefix of the URL path, starting with "/"');
      }
      let ip: Buffer | undefined;
      if (input.clientIp !== undefined && input.clientIp !== '') {
        ip = bunnyIpBytes(input.clientIp);
        if (ip === undefined) throw invalid('clientIp: not an IPv4 or IPv6 address');
      }
      const { signing, wire } = parametersOf(s, query, tokenPath);
      const token = bunnyToken(s.key, `${tokenPath ?? path}${expires}`, ip, signing);
      const signed = wire === '' ? `&expires=${expires}` : `&${wire}&expires=${expires}`;
      const carried = s.ignoreParams && query !== '' ? query : '';
      if (s.form === 'directory') return `${s.origin}/bcdn_token=${token}${signed}${path}${carried === '' ? '' : `?${carried}`}`;
      return `${s.origin}${path}?token=${token}${signed}${carried === '' ? '' : `&${carried}`}`;
    },
    folderOf(key: string): string {
      const path = pathOf(key);
      return path.slice(0, path.lastIndexOf('/') + 1);
    },
  };
}
