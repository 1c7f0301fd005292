import type { KeyObject } from 'node:crypto';
import type { Clock } from '../runtime/clock.js';
import type { ParsedPolicy } from './parse-policy.js';
import type { HashAlgorithm } from './types.js';

export interface VerifyCloudFrontOptions {
  /** Public keys by key pair id (the ids of the CloudFront key group): KeyObject or PEM. */
  publicKeys: Readonly<Record<string, KeyObject | string>>;
  /** Clock, ms since the epoch. @default Date.now */
  now?: Clock;
  /** The viewer's IPv4 address, checked against `IpAddress`. A policy with an IP condition fails without it. */
  clientIp?: string;
}

export type VerifyFailureReason =
  | 'missing-parameters'
  | 'malformed-policy'
  | 'unsupported-hash-algorithm'
  | 'unknown-key'
  | 'bad-signature'
  | 'resource-mismatch'
  | 'expired'
  | 'not-yet-valid'
  | 'ip-mismatch';

export type VerifyResult =
  | { ok: true; keyPairId: string; hashAlgorithm: HashAlgorithm; policyType: 'canned' | 'custom'; policy: ParsedPolicy }
  | { ok: false; reason: VerifyFailureReason; message: string };

/** The signing values of one request, from query parameters or cookies. */
export interface SignedParts {
  expires: string | undefined;
  policy: string | undefined;
  signature: string | undefined;
  keyPairId: string | undefined;
  hashAlgorithm: string | undefined;
}
