import type { KeyObject } from 'node:crypto';
import type { Clock } from '../runtime/clock.js';
import type { GcsAlgorithm } from './canonical-request.js';

/** The keys a verifier accepts, checked once. */
export interface GcsVerifierOptions {
  /** Service-account public keys (PEM or KeyObject; a private key's public half is taken), by client email. */
  serviceAccounts?: Readonly<Record<string, KeyObject | string>>;
  /** HMAC secrets by access ID. */
  hmacKeys?: Readonly<Record<string, string>>;
  /**
   * The bucket, when requests do not name it in the path (virtual-hosted on a custom host, bucket-bound
   * hostname): the whole path is then the object name. @default from `<bucket>.storage.<domain>` hosts, else the path's first segment
   */
  bucket?: string;
  /** Clock, ms since the epoch. @default Date.now */
  now?: Clock;
  /** Accepted clock skew for URLs signed in the future, seconds. @default 900 */
  maxSkew?: number;
}

/** One request as Cloud Storage receives it. */
export interface GcsVerifyRequest {
  method: string;
  /** The request target (`/bucket/name?X-Goog-…`) or an absolute URL. */
  url: string;
  /** The `Host` header (its port is not signed). */
  host: string;
  /** Other request headers, for URLs that signed more than `host`. */
  headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** Why a request was refused. */
export type GcsVerifyFailure = 'unsigned' | 'malformed' | 'unknown-credential' | 'bad-signature' | 'not-yet-valid' | 'expired';

export type GcsVerifyResult =
  | {
    ok: true;
    bucket: string;
    /** The object name, decoded ('' for the bucket itself). */
    key: string;
    algorithm: GcsAlgorithm;
    credentialId: string;
    expiresAt: Date;
    /** Headers the URL asks Cloud Storage to set (`content-disposition`, `content-type`). */
    responseHeaders: Record<string, string>;
  }
  | {
    ok: false;
    reason: GcsVerifyFailure;
    /** The XML error code Cloud Storage answers with (`SignatureDoesNotMatch`, `ExpiredToken`…). */
    code: string;
    status: 400 | 403;
    message: string;
  };

export interface GcsVerifier {
  verify(request: GcsVerifyRequest): GcsVerifyResult;
}
