import { sign as cryptoSign, type KeyObject } from 'node:crypto';
import { AccelError, configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { prepareHmac, type PreparedHmac } from '../keys/prepared-hmac.js';
import { uriEncode } from '../sigv4/uri-encode.js';
import type { GcsAlgorithm } from './canonical-request.js';
import { deriveGoog4SigningKey, loadHmacKey } from './hmac-key.js';
import { loadServiceAccountKey } from './service-account.js';
import type { GcsExternalSign, GcsSignerOptions } from './types.js';

/** Who signs and how, decided once from the options. */
interface MethodBase {
  algorithm: GcsAlgorithm;
  /** Service account email or HMAC access ID. */
  credentialId: string;
  /** `uriEncode(credentialId) + '%2F'`: the start of `X-Goog-Credential`. */
  credentialPrefix: string;
  /** The universe named in the key file, if any. */
  universeDomain: string | undefined;
  publicKey: KeyObject | undefined;
}

export interface LocalSigningMethod extends MethodBase {
  kind: 'local';
  /** Hex signature of the string to sign; `day` (`20190201`) picks the HMAC signing key. */
  sign(stringToSign: string, day: string): string;
}

export interface ExternalSigningMethod extends MethodBase {
  kind: 'external';
  sign(stringToSign: string): Promise<string>;
}

const EMAIL = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/;

function base(algorithm: GcsAlgorithm, credentialId: string, universeDomain: string | undefined, publicKey: KeyObject | undefined): MethodBase {
  return { algorithm, credentialId, credentialPrefix: `${uriEncode(credentialId)}%2F`, universeDomain, publicKey };
}

function rsaMethod(input: unknown): LocalSigningMethod {
  const account = loadServiceAccountKey(input, 'serviceAccountKey');
  const key = account.privateKey;
  return {
    ...base('GOOG4-RSA-SHA256', account.clientEmail, account.universeDomain, account.publicKey),
    kind: 'local',
    sign: (stringToSign) => cryptoSign('sha256', Buffer.from(stringToSign, 'utf8'), key).toString('hex'),
  };
}

function hmacMethod(input: unknown): LocalSigningMethod {
  const { accessId, secret } = loadHmacKey(input, 'hmacKey');
  // The signing key depends on the UTC day only: derived and prepared when the day changes, not per URL.
  let lastDay = '';
  let hmac: PreparedHmac | undefined;
  return {
    ...base('GOOG4-HMAC-SHA256', accessId, undefined, undefined),
    kind: 'local',
    sign(stringToSign, day) {
      if (day !== lastDay || hmac === undefined) {
        hmac = prepareHmac('sha256', deriveGoog4SigningKey(secret, day));
        lastDay = day;
      }
      return hmac(stringToSign, 'hex');
    },
  };
}

function externalMethod(clientEmail: unknown, sign: GcsExternalSign): ExternalSigningMethod {
  if (typeof clientEmail !== 'string' || !EMAIL.test(clientEmail)) {
    throw configError('clientEmail', `expected the email of the service account whose key signs, got ${describeValue(clientEmail)}`, 'Pass e.g. "signer@my-project.iam.gserviceaccount.com"');
  }
  return {
    ...base('GOOG4-RSA-SHA256', clientEmail, undefined, undefined),
    kind: 'external',
    async sign(stringToSign) {
      let signature: Buffer | Uint8Array;
      try {
        signature = await sign(Buffer.from(stringToSign, 'utf8'));
      } catch (cause) {
        throw new AccelError('ERR_ACCEL_SIGNING_FAILED', `external signer failed: ${(cause as Error)?.message ?? String(cause)}`, { status: 502, cause });
      }
      if (!(signature instanceof Uint8Array) || signature.length === 0) {
        throw new AccelError('ERR_ACCEL_SIGNING_FAILED', 'external signer returned no signature bytes (expected the RSA-SHA256 signature as a Buffer or Uint8Array)', { status: 502 });
      }
      return Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('hex');
    },
  };
}

/** Picks the signing method: exactly one of serviceAccountKey, hmacKey or sign (with clientEmail). */
export function resolveSigningMethod(options: GcsSignerOptions): LocalSigningMethod | ExternalSigningMethod {
  const given = options as unknown as Record<string, unknown>;
  const sources = (['serviceAccountKey', 'hmacKey', 'sign'] as const).filter((name) => given[name] !== undefined);
  if (sources.length !== 1) {
    throw configError(sources.length === 0 ? 'serviceAccountKey' : sources.join(' and '), sources.length === 0 ? 'is missing' : 'are mutually exclusive', 'Pass exactly one of serviceAccountKey (JSON key, GOOG4-RSA-SHA256), hmacKey ({ accessId, secret }, GOOG4-HMAC-SHA256) or sign with clientEmail (IAM signBlob, KMS, HSM)');
  }
  if (sources[0] === 'serviceAccountKey') return rsaMethod(given.serviceAccountKey);
  if (sources[0] === 'hmacKey') return hmacMethod(given.hmacKey);
  if (typeof given.sign !== 'function') throw configError('sign', `expected a function, got ${describeValue(given.sign)}`, 'Pass (stringToSign: Buffer) => RSA-SHA256 signature bytes (sync or async)');
  return externalMethod(given.clientEmail, given.sign as GcsExternalSign);
}
