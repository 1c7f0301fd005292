import { createHmac, type KeyObject } from 'node:crypto';

/** HMAC-SHA1 of `text` (UTF-8) under `key`. */
export function hmacDigest(key: Buffer, text: string): Buffer {
  return createHmac('sha1', key).update(text, 'utf8').digest();
}

/**
 * The same in base64url with padding: a SHA-1 digest is 20 bytes, 27 characters of base64url and one `=`.
 * Signers pass the key as a KeyObject, which createHmac sets up faster than bytes.
 */
export function hmacSignature(key: KeyObject | Buffer, text: string): string {
  return `${createHmac('sha1', key).update(text, 'utf8').digest('base64url')}=`;
}
