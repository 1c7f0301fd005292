import type { PreparedHmac } from '../keys/prepared-hmac.js';

const ASCII = /^[\x00-\x7f]*$/;

/** The UTF-8 bytes of `text`, one latin1 character per byte. */
function utf8Bytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/**
 * The token's digest, base64url without padding, over `head + ip + signing`: `head` is the signature path and
 * the expiry, `ip` the address bytes as latin1 characters. With an address, the message is hashed in one piece
 * as latin1, its text as its UTF-8 bytes (the same characters when the text is ASCII, always for what the signer
 * makes).
 */
export function bunnyDigest(hmac: PreparedHmac, head: string, ip: string | undefined, signing: string, asciiText = false): string {
  if (ip === undefined) return hmac(head + signing, 'base64url');
  if (asciiText || (ASCII.test(head) && ASCII.test(signing))) return hmac(head + ip + signing, 'base64url', 'latin1');
  return hmac(utf8Bytes(head) + ip + utf8Bytes(signing), 'base64url', 'latin1');
}

/**
 * `HS256-` + base64url(HMAC-SHA256(key, head + ipBytes + signingData)). An IP-locked token says so with `1-`
 * after the prefix.
 */
export function bunnyToken(hmac: PreparedHmac, head: string, ip: string | undefined, signing: string, asciiText: boolean): string {
  return (ip === undefined ? 'HS256-' : 'HS256-1-') + bunnyDigest(hmac, head, ip, signing, asciiText);
}
