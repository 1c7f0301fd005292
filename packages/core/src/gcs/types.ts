import type { KeyObject } from 'node:crypto';
import type { Clock } from '../runtime/clock.js';
import type { GcsAlgorithm } from './canonical-request.js';
import type { GcsUrlStyle } from './endpoint.js';
import type { GcsHmacKey } from './hmac-key.js';
import type { GcsResponseOverrides } from './response-overrides.js';
import type { ServiceAccountKeyInput } from './service-account.js';

export type { GcsAlgorithm } from './canonical-request.js';
export type { GcsUrlStyle } from './endpoint.js';
export type { GcsHmacKey } from './hmac-key.js';
export type { GcsResponseOverrides } from './response-overrides.js';
export type { ServiceAccountKey, ServiceAccountKeyInput } from './service-account.js';

/**
 * Signs the string to sign outside the process (IAM `signBlob`, Cloud KMS, an HSM): returns the raw
 * RSASSA-PKCS1-v1_5 SHA-256 signature of `stringToSign` by the key of `clientEmail`.
 */
export type GcsExternalSign = (stringToSign: Buffer) => Buffer | Uint8Array | Promise<Buffer | Uint8Array>;

/** Where the bucket is, and the defaults of every URL. */
export interface GcsCommonSignerOptions {
  /** The bucket. */
  bucket: string;
  /**
   * `path`: `https://storage.googleapis.com/<bucket>/<name>`; `virtual-hosted`: `https://<bucket>.storage.googleapis.com/<name>`;
   * `bucket-bound`: `https://<bucketBoundHostname>/<name>` (a CNAME or load balancer in front of the bucket).
   * @default 'bucket-bound' when bucketBoundHostname is given, else 'path'
   */
  urlStyle?: GcsUrlStyle;
  /** The host that serves the bucket, e.g. `https://media.example.com` (`http://` when it has no TLS). */
  bucketBoundHostname?: string;
  /** Another origin for the XML API, e.g. an emulator `http://127.0.0.1:4443`. @default `https://storage.<universeDomain>` */
  endpoint?: string;
  /** @default the key file's `universe_domain`, else `googleapis.com` */
  universeDomain?: string;
  /** Lifetime of a URL when a request gives none, seconds, 1…604800. @default 900 */
  expiresIn?: number;
  /** Clock for the signing time, ms since the epoch. @default Date.now */
  now?: Clock;
}

/** GOOG4-RSA-SHA256 with a service-account JSON key. */
export interface GcsServiceAccountSignerOptions extends GcsCommonSignerOptions {
  /** The JSON key file: `{ file: "key.json" }`, its text, its bytes or the parsed object. */
  serviceAccountKey: ServiceAccountKeyInput;
  hmacKey?: never;
  sign?: never;
  clientEmail?: never;
}

/** GOOG4-HMAC-SHA256 with an HMAC key. */
export interface GcsHmacSignerOptions extends GcsCommonSignerOptions {
  hmacKey: GcsHmacKey;
  serviceAccountKey?: never;
  sign?: never;
  clientEmail?: never;
}

/** GOOG4-RSA-SHA256 by a remote signer; URLs come back as promises. */
export interface GcsExternalSignerOptions extends GcsCommonSignerOptions {
  /** The service account whose key `sign` uses. */
  clientEmail: string;
  sign: GcsExternalSign;
  serviceAccountKey?: never;
  hmacKey?: never;
}

export type GcsSignerOptions = GcsServiceAccountSignerOptions | GcsHmacSignerOptions | GcsExternalSignerOptions;

/** One object URL for a browser: GET (or HEAD), with optional response header overrides. */
export interface GcsSignUrlRequest {
  /** The object name, raw; encoded once per segment. `.`/`..` segments (also `%2e` forms) are refused. */
  key: string;
  /** Signed URLs are method-bound: sign HEAD for a HEAD request. @default 'GET' */
  method?: 'GET' | 'HEAD';
  /** Seconds, 1…604800. @default the signer's `expiresIn` */
  expiresIn?: number;
  /** The instant the URL is signed at (`X-Goog-Date`; validity starts there). @default now() */
  signingDate?: Date;
  /** Headers Cloud Storage sets on the response (signed). */
  responseHeaders?: GcsResponseOverrides;
}

/** Any V4 signed request: another method, headers the client must send, further query parameters. */
export interface GcsSignRequestInput {
  method: string;
  /** The object name; leave it out to sign the bucket itself (a listing). */
  key?: string;
  /** Headers the request will carry, signed (`X-Goog-Content-SHA256` becomes the payload hash). */
  headers?: Readonly<Record<string, string>>;
  /** Further query parameters, signed. */
  query?: Readonly<Record<string, string>>;
  expiresIn?: number;
  signingDate?: Date;
}

export interface GcsSignedRequest {
  url: string;
  /** The headers the client must send with it, besides `Host`. */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
}

/** What every Cloud Storage signer tells about itself. */
export interface GcsSignerBase {
  readonly algorithm: GcsAlgorithm;
  /** Service account email or HMAC access ID (`X-Goog-Credential`). */
  readonly credentialId: string;
  /** Origin of the URLs (`https://storage.googleapis.com`, `https://media.example.com`). */
  readonly origin: string;
  /** The service account's public key (RSA with a key file), for verifiers. */
  readonly publicKey: KeyObject | undefined;
}

/** A Cloud Storage V4 signer with a local key: answers synchronously. */
export interface GcsSigner extends GcsSignerBase {
  signUrl(request: GcsSignUrlRequest): string;
  signRequest(request: GcsSignRequestInput): GcsSignedRequest;
}

/** A Cloud Storage V4 signer with a remote key. */
export interface AsyncGcsSigner extends GcsSignerBase {
  signUrl(request: GcsSignUrlRequest): Promise<string>;
  signRequest(request: GcsSignRequestInput): Promise<GcsSignedRequest>;
}
