import { createHmac, type KeyObject } from 'node:crypto';

const ASCII = /^[\x00-\x7f]*$/;

/**
 * The token's digest, base64url without padding, over `head + ip + signing`: `head` is the signature path and
 * the expiry, `ip` the address bytes as latin1 characters. With an address, the message is hashed in one piece
 * as latin1 when the text around it is ASCII (always, for what the signer makes); otherwise as joined bytes.
 */
export function bunnyDigest(key: KeyObject, head: string, ip: string | undefined, signing: string, asciiText = false): string {
  const hmac = createHmac('sha256', key);
  if (ip === undefined) return hmac.update(head + signing).digest('base64url');
  if (asciiText || (ASCII.test(head) && ASCII.test(signing))) return hmac.update(head + ip + signing, 'latin1').digest('base64url');
  return hmac.update(Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(ip, 'latin1'), Buffer.from(signing, 'utf8')])).digest('base64url');
}

/**
 * `HS256-` + base64url(HMAC-SHA256(key, head + ipBytes + signingData)). An IP-locked token says so with `1-`
 * after the prefix.
 */
export function bunnyToken(key: KeyObject, head: string, ip: string | undefined, signing: string, asciiText: boolean): string {
  return (ip === undefined ? 'HS256-' : 'HS256-1-') + bunnyDigest(key, head, ip, signing, asciiText);
}
