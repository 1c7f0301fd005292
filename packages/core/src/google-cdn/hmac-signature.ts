import { createHmac } from 'node:crypto';
import type { PreparedHmac } from '../keys/prepared-hmac.js';

/** HMAC-SHA1 of `text` (UTF-8) under `key`. */
export function hmacDigest(key: Buffer, text: string): Buffer {
  return createHmac('sha1', key).update(text, 'utf8').digest();
}

/** The same in base64url with padding (a SHA-1 digest is 20 bytes: 27 characters and one `=`), from a prepared key. */
export function hmacSignature(hmac: PreparedHmac, text: string): string {
  return `${hmac(text, 'base64url')}=`;
}
