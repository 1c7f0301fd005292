import { hash } from 'node:crypto';

/** The HMAC hashes signers use here; both have RFC 2104's 64-byte block. */
export type PreparedHmacAlgorithm = 'sha1' | 'sha256';

/**
 * The HMAC of `text` under a key prepared once, encoded as `output`. The text is hashed as UTF-8, or with `'latin1'`
 * as one byte per character (for messages that hold raw bytes, such as an IP address).
 */
export type PreparedHmac = (text: string, output: 'base64url' | 'hex', input?: 'utf8' | 'latin1') => string;

const BLOCK = 64;
const DIGEST_BYTES: Readonly<Record<PreparedHmacAlgorithm, number>> = { sha1: 20, sha256: 32 };
// Room for the message after the inner pad; a longer message gets a buffer of its own.
const SCRATCH_BYTES = 4096;

function paddedKey(block: Buffer, pad: number, length: number): Buffer {
  const padded = Buffer.alloc(length);
  for (let index = 0; index < BLOCK; index += 1) padded[index] = block[index]! ^ pad;
  return padded;
}

/**
 * HMAC (RFC 2104) as two one-shot hashes, H((K ^ opad) || H((K ^ ipad) || text)), with both padded key blocks made
 * once per key. createHmac builds a keyed context and a stream object on every call, which costs more than both
 * hashes here. The result is byte for byte createHmac's (the tests compare them).
 */
export function prepareHmac(algorithm: PreparedHmacAlgorithm, key: Uint8Array): PreparedHmac {
  const block = Buffer.alloc(BLOCK);
  // A key longer than the block is replaced by its hash, as RFC 2104 says.
  block.set(key.length > BLOCK ? hash(algorithm, key, 'buffer') : key);
  const inner = paddedKey(block, 0x36, BLOCK + SCRATCH_BYTES);
  const outer = paddedKey(block, 0x5c, BLOCK + DIGEST_BYTES[algorithm]);
  block.fill(0);
  return (text, output, input = 'utf8') => {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const room = input === 'utf8' ? text.length * 3 : text.length;
    const message = room <= SCRATCH_BYTES ? inner : Buffer.concat([inner.subarray(0, BLOCK), Buffer.alloc(room)]);
    const end = BLOCK + message.write(text, BLOCK, input);
    // The inner digest goes after the outer pad as one character per byte ('binary' is latin1), no Buffer made for it.
    outer.write(hash(algorithm, message.subarray(0, end), 'binary'), BLOCK, 'latin1');
    return hash(algorithm, outer, output);
  };
}
