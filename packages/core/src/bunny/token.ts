import { createHmac, type KeyObject } from 'node:crypto';

/** The token's digest, base64url without padding. */
export function bunnyDigest(key: KeyObject, head: string, ip: Buffer | undefined, signing: string): string {
  const hmac = createHmac('sha256', key);
  if (ip === undefined) return hmac.update(head + signing).digest('base64url');
  hmac.update(head).update(ip);
  if (signing !== '') hmac.update(signing);
  return hmac.digest('base64url');
}

/**
 * `HS256-` + base64url(HMAC-SHA256(key, head + ipBytes + signingData)), where `head` is the signature path and
 * the expiry. An IP-locked token says so with `1-` after the prefix.
 */
export function bunnyToken(key: KeyObject, head: string, ip: Buffer | undefined, signing: string): string {
  return (ip === undefined ? 'HS256-' : 'HS256-1-') + bunnyDigest(key, head, ip, signing);
}
