import type { KeyObject } from 'node:crypto';

/** A private key as a PEM string or Buffer, a parsed `KeyObject`, or a file that holds the PEM. */
export type PrivateKeyInput = string | Buffer | KeyObject | { file: string };

/** A public key as a PEM string or Buffer, a parsed `KeyObject`, or a file that holds the PEM. */
export type PublicKeyInput = string | Buffer | KeyObject | { file: string };

/** The two key families CloudFront accepts: RSA-2048 (PKCS#1 v1.5) and ECDSA on P-256. */
export type SigningKeyType = 'rsa' | 'ecdsa';

/** A key checked once and kept as a `KeyObject`, ready for `crypto.sign`. */
export interface LoadedPrivateKey {
  readonly key: KeyObject;
  readonly type: SigningKeyType;
  /** RSA modulus length in bits; 256 for P-256. */
  readonly bits: number;
  /** The matching public key, for verifiers and for `keygen`. */
  readonly publicKey: KeyObject;
}

export interface LoadPrivateKeyOptions {
  /** Passphrase of an encrypted PEM (`ENCRYPTED PRIVATE KEY` or a legacy `Proc-Type: 4,ENCRYPTED` block). */
  passphrase?: string | Buffer;
  /**
   * Accept RSA keys of any size from 1024 bits up. CloudFront only accepts 2048-bit RSA public keys in a key
   * group, so another size signs URLs that CloudFront will refuse; this exists for the published test vectors
   * (1024-bit) and for tools that sign what they are given.
   * @default false
   */
  allowAnyRsaKeySize?: boolean;
}

export const ACCEPTED_KEY_TYPES = 'an RSA-2048 private key or an ECDSA P-256 (prime256v1) private key, as PEM (PKCS#1, PKCS#8 or SEC1, optionally encrypted), a KeyObject or { file }';
