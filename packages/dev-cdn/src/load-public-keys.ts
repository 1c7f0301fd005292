import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { configError } from '@cdn-accel/core/internal';
import type { DevCdnPublicKey } from './options.js';

function material(value: DevCdnPublicKey, field: string): string | Buffer | KeyObject {
  if (typeof value === 'object' && 'file' in value && !Buffer.isBuffer(value)) {
    try {
      return readFileSync(value.file);
    } catch (cause) {
      throw configError(field, `cannot read "${value.file}"`, 'Point it at the public key PEM uploaded to CloudFront.', cause);
    }
  }
  return value as string | Buffer | KeyObject;
}

function isKeyObject(value: unknown): value is KeyObject {
  return typeof value === 'object' && value !== null && 'asymmetricKeyType' in value && 'type' in value;
}

/** Parses every public key once, at startup; a private key is accepted and its public half kept. */
export function loadPublicKeys(keys: Readonly<Record<string, DevCdnPublicKey>>): Record<string, KeyObject> {
  const loaded: Record<string, KeyObject> = Object.create(null) as Record<string, KeyObject>;
  for (const [keyPairId, value] of Object.entries(keys)) {
    const field = `publicKeys["${keyPairId}"]`;
    if (!/^[A-Za-z0-9_-]+$/.test(keyPairId)) throw configError(field, 'the key pair id has characters CloudFront ids never have', 'Use the public key ID shown by CloudFront, e.g. K2JCJMDEHXQW5F.');
    const input = material(value, field);
    if (isKeyObject(input) && input.type === 'public') {
      loaded[keyPairId] = input;
      continue;
    }
    try {
      loaded[keyPairId] = createPublicKey(input);
    } catch (cause) {
      if ((cause as { code?: string }).code === 'ERR_ACCEL_CONFIG') throw cause;
      throw configError(field, `not a PEM public key (${(cause as Error).message})`, 'Pass the public key (BEGIN PUBLIC KEY) that the app signs for.', cause);
    }
  }
  return loaded;
}
