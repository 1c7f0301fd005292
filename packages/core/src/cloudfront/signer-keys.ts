import type { KeyObject } from 'node:crypto';
import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { loadPrivateKey } from '../keys/load-private-key.js';
import type { LoadedPrivateKey, SigningKeyType } from '../keys/key-types.js';
import type { CloudFrontSignerOptions, HashAlgorithm, KeyRotationSignerOptions, SigningKeyEntry } from './types.js';

// SECURITY: the id goes into URLs and cookies unescaped, so only CloudFront's id alphabet is accepted.
const KEY_PAIR_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function checkKeyPairId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !KEY_PAIR_ID.test(value)) {
    throw configError(field, `expected a CloudFront key pair id (letters, digits, "_" and "-"), got ${describeValue(value)}`, 'Use the public key ID shown in the CloudFront console (e.g. K2JCJMDEHXQW5F) or a legacy APKA… id');
  }
  return value;
}

/** The keys of a signer, loaded once; `active` signs, all verify. */
export interface SignerKeys {
  active: { keyPairId: string; loaded: LoadedPrivateKey };
  publicKeys: Record<string, KeyObject>;
}

/** Loads one key; `field` is where it sits (`privateKey`, `keys[1].privateKey`), for its errors. */
function loadEntry(entry: SigningKeyEntry, field: string, allowAnyRsaKeySize: boolean): LoadedPrivateKey {
  const options = entry.passphrase === undefined ? { allowAnyRsaKeySize } : { allowAnyRsaKeySize, passphrase: entry.passphrase };
  return loadPrivateKey(entry.privateKey, options, field);
}

function rotation(options: KeyRotationSignerOptions, allowAnyRsaKeySize: boolean): SignerKeys {
  if (!Array.isArray(options.keys) || options.keys.length === 0) throw configError('keys', 'is empty', 'List at least one { keyPairId, privateKey } of the key group');
  const loaded = new Map<string, LoadedPrivateKey>();
  options.keys.forEach((entry, index) => {
    const id = checkKeyPairId(entry?.keyPairId, `keys[${index}].keyPairId`);
    if (loaded.has(id)) throw configError(`keys[${index}].keyPairId`, `"${id}" appears twice`, 'Give each key of the group once');
    loaded.set(id, loadEntry(entry, `keys[${index}].privateKey`, allowAnyRsaKeySize));
  });
  const activeId = options.activeKeyPairId ?? options.keys[0]!.keyPairId;
  const active = loaded.get(activeId);
  if (active === undefined) throw configError('activeKeyPairId', `expected one of keys[].keyPairId, got ${describeValue(activeId)}`, `Use one of: ${[...loaded.keys()].join(', ')}`);
  return { active: { keyPairId: activeId, loaded: active }, publicKeys: Object.fromEntries([...loaded].map(([id, key]) => [id, key.publicKey])) };
}

/** Loads the private key(s) of local-key options. */
export function loadSignerKeys(options: CloudFrontSignerOptions): SignerKeys {
  const allowAny = options.allowAnyRsaKeySize === true;
  if ('keys' in options && options.keys !== undefined) return rotation(options, allowAny);
  const single = options as SigningKeyEntry;
  const keyPairId = checkKeyPairId(single.keyPairId, 'keyPairId');
  if (single.privateKey === undefined) throw configError('privateKey', 'is missing', 'Pass privateKey (PEM, KeyObject or { file }), keys: [...] for rotation, or sign: (data, hash) => signature for KMS/HSM');
  const loaded = loadEntry(single, 'privateKey', allowAny);
  return { active: { keyPairId, loaded }, publicKeys: { [keyPairId]: loaded.publicKey } };
}

/** Picks the digest: SHA-256 unless asked otherwise; ECDSA with SHA-1 is refused. */
export function resolveHashAlgorithm(requested: unknown, keyType: SigningKeyType): HashAlgorithm {
  if (requested !== undefined && requested !== 'SHA1' && requested !== 'SHA256') {
    throw configError('hashAlgorithm', `expected "SHA256" or "SHA1", got ${describeValue(requested)}`, 'Use "SHA256" (the default) or "SHA1"');
  }
  const hash = requested ?? 'SHA256';
  if (keyType === 'ecdsa' && hash === 'SHA1') {
    throw configError('hashAlgorithm', 'cdn-accel signs with ECDSA keys over SHA256 only (CloudFront also verifies ECDSA over SHA-1, which is broken for collisions)', 'Leave hashAlgorithm out or set it to "SHA256"');
  }
  return hash;
}
