import { createHmac } from 'node:crypto';

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function deriveSigningKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, day);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

/**
 * Derived signing keys, cached per secret, day, region and service: a key is valid for one UTC day,
 * so steady-state signing costs two hashes instead of six. Bounded so that a verifier facing many
 * access keys or forged dates cannot grow it without limit.
 */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly maxEntries = 64) {}

  get(secretAccessKey: string, day: string, region: string, service: string): Buffer {
    const id = `${day}\n${region}\n${service}\n${secretAccessKey}`;
    const cached = this.keys.get(id);
    if (cached !== undefined) return cached;
    const key = deriveSigningKey(secretAccessKey, day, region, service);
    if (this.keys.size >= this.maxEntries) {
      const oldest = this.keys.keys().next();
      if (oldest.done !== true) this.keys.delete(oldest.value);
    }
    this.keys.set(id, key);
    return key;
  }
}
