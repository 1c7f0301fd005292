import { createPublicKey, KeyObject } from 'node:crypto';
import { AccelError } from '../errors/accel-error.js';
import type { PublicKeyInput, SigningKeyType } from './key-types.js';
import { readKeyMaterial } from './read-key-material.js';

export interface LoadedPublicKey {
  readonly key: KeyObject;
  readonly type: SigningKeyType;
}

/**
 * Parses a verification key once: an SPKI/PKCS#1 PEM, a public KeyObject, or a private key (its public half
 * is taken). Only RSA and ECDSA P-256, the types CloudFront accepts.
 */
export function loadPublicKey(input: PublicKeyInput, field = 'publicKey'): LoadedPublicKey {
  const material = readKeyMaterial(input, field);
  let key: KeyObject;
  try {
    key = material instanceof KeyObject && material.type === 'public' ? material : createPublicKey(material);
  } catch (cause) {
    throw new AccelError('ERR_ACCEL_INVALID_KEY', `${field}: not a PEM public key (${(cause as Error).message}). Provide the public key uploaded to CloudFront (BEGIN PUBLIC KEY).`, { cause });
  }
  if (key.asymmetricKeyType === 'rsa') return { key, type: 'rsa' };
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return { key, type: 'ecdsa' };
  throw new AccelError('ERR_ACCEL_INVALID_KEY', `${field}: ${key.asymmetricKeyType ?? 'unknown'} keys cannot verify CloudFront signatures. Provide an RSA or ECDSA P-256 public key.`);
}
