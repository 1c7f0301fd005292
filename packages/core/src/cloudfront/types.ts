import type { KeyObject } from 'node:crypto';
import type { Clock } from '../runtime/clock.js';
import type { PrivateKeyInput } from '../keys/key-types.js';
import type { Expiry } from '../time/resolve-validity.js';

export type { Expiry } from '../time/resolve-validity.js';

/** The digest CloudFront checks the signature with. SHA-256 adds `Hash-Algorithm=SHA256` to the URL. */
export type HashAlgorithm = 'SHA1' | 'SHA256';

/** What to sign: an expiry, and optionally a start time, a client IPv4 range and a wildcard resource. */
export type CloudFrontPolicy = Expiry & {
  /** Not valid before this instant (`DateGreaterThan`); forces a custom policy. */
  dateGreaterThan?: Date | string;
  /** IPv4 address or CIDR (`AWS:SourceIp`); an address alone means `/32`. IPv6 is refused (CloudFront has none). */
  ipAddress?: string;
  /** Wildcard resource (`*`, `?`) signed instead of the URL, e.g. `https://d.example/videos/42/*`; forces a custom policy. */
  resource?: string;
};

/**
 * Signs `data` (the policy JSON bytes) outside the process, e.g. with AWS KMS or an HSM. Must return the raw
 * signature: RSASSA-PKCS1-v1_5 for RSA keys, DER-encoded ECDSA for P-256 keys, over `hashAlgorithm`.
 */
export type ExternalSign = (data: Buffer, hashAlgorithm: HashAlgorithm) => Buffer | Uint8Array | Promise<Buffer | Uint8Array>;

/** Attributes of the `Set-Cookie` headers. */
export interface CookieAttributes {
  /** `Domain=`; omit for a host-only cookie. Must cover the CloudFront host that will read it. */
  domain?: string;
  /** `Path=`. @default '/' */
  path?: string;
  /** `Secure`. @default true */
  secure?: boolean;
  /** `HttpOnly`. @default true */
  httpOnly?: boolean;
  /** `SameSite=`; `None` requires `secure`. @default undefined (browser default, Lax) */
  sameSite?: 'Strict' | 'Lax' | 'None';
  /** `Max-Age=` in seconds. AWS recommends leaving it out so the cookie ends with the browser session. @default undefined */
  maxAge?: number;
}

export interface SignedCookies {
  /** Cookie name → value, e.g. { 'CloudFront-Policy': …, 'CloudFront-Signature': …, 'CloudFront-Key-Pair-Id': … } */
  values: Record<string, string>;
  /** Ready-to-send `Set-Cookie` header values with the attributes applied. */
  setCookie: string[];
}

export interface CloudFrontSigner {
  /** Key pair id (CloudFront public key id) of the active key. */
  readonly keyPairId: string;
  readonly hashAlgorithm: HashAlgorithm;
  /** Public keys of every configured key, by key pair id: hand them to `verifyCloudFrontUrl`. */
  readonly publicKeys: Readonly<Record<string, KeyObject>>;
  /** Returns `url` with `Expires`/`Policy`, `Key-Pair-Id`, `Signature` (and `Hash-Algorithm`) appended. */
  signUrl(url: string, policy: CloudFrontPolicy): string;
  /** Signed cookies for `resource` (a URL, or a wildcard pattern, which makes the policy custom). */
  signCookies(resource: string, policy: CloudFrontPolicy, attributes?: CookieAttributes): SignedCookies;
}

export interface AsyncCloudFrontSigner {
  readonly keyPairId: string;
  readonly hashAlgorithm: HashAlgorithm;
  signUrl(url: string, policy: CloudFrontPolicy): Promise<string>;
  signCookies(resource: string, policy: CloudFrontPolicy, attributes?: CookieAttributes): Promise<SignedCookies>;
}

export interface CommonSignerOptions {
  /**
   * Digest to sign with. ECDSA keys always use SHA-256 (SHA1 is refused). For RSA the default is SHA-256:
   * SHA-1 is broken for collisions and CloudFront accepts SHA-256 with `Hash-Algorithm=SHA256`; choose `SHA1`
   * for URLs byte-identical to older tools.
   * @default 'SHA256'
   */
  hashAlgorithm?: HashAlgorithm;
  /** Clock for `expiresIn` and the "already expired" check, ms since the epoch. @default Date.now */
  now?: Clock;
  /** Sign even when the expiry is already past by `now` (for tools; servers should leave it off). @default false */
  allowPastExpiry?: boolean;
  /** Accept RSA keys that are not 2048-bit (CloudFront refuses them; the AWS test vectors use 1024). @default false */
  allowAnyRsaKeySize?: boolean;
}

/** One key of a key group. */
export interface SigningKeyEntry {
  /** CloudFront public key id (`K2JCJMDEHXQW5F`) or legacy key pair id (`APKA…`). */
  keyPairId: string;
  privateKey: PrivateKeyInput;
  /** Passphrase of an encrypted PEM. */
  passphrase?: string | Buffer;
}

export interface LocalKeySignerOptions extends CommonSignerOptions, SigningKeyEntry {
  keys?: never;
  sign?: never;
}

export interface KeyRotationSignerOptions extends CommonSignerOptions {
  /** Every key of the key group; all are loaded at startup, one signs. */
  keys: SigningKeyEntry[];
  /** The key that signs. @default keys[0].keyPairId */
  activeKeyPairId?: string;
  keyPairId?: never;
  privateKey?: never;
  sign?: never;
}

export interface ExternalSignerOptions extends CommonSignerOptions {
  keyPairId: string;
  /** Produces the signature, e.g. a KMS `Sign` call. */
  sign: ExternalSign;
  /** The family of the remote key: decides the default hash and refuses ECDSA with SHA-1. */
  keyType: 'rsa' | 'ecdsa';
  privateKey?: never;
  keys?: never;
}

export type CloudFrontSignerOptions = LocalKeySignerOptions | KeyRotationSignerOptions | ExternalSignerOptions;
