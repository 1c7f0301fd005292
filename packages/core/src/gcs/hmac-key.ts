import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';

/** A Cloud Storage HMAC key (GOOG4-HMAC-SHA256): its access ID and its secret. */
export interface GcsHmacKey {
  /** e.g. `GOOG1E…`: goes into `X-Goog-Credential` (not secret). */
  accessId: string;
  /** The 40-character secret, or `{ file }` holding it. */
  secret: string | { file: string };
}

const ACCESS_ID = /^[A-Za-z0-9]{8,128}$/;
const SECRET = /^[A-Za-z0-9+/]{40}$/;
const GET_A_KEY = 'Create one with gcloud storage hmac create SERVICE_ACCOUNT_EMAIL (or Cloud Storage → Settings → Interoperability) and pass { accessId, secret }';

function readSecret(secret: unknown, field: string): string {
  if (typeof secret === 'object' && secret !== null && typeof (secret as { file?: unknown }).file === 'string') {
    const file = (secret as { file: string }).file;
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (cause) {
      throw configError(field, `cannot read the secret file ${JSON.stringify(file)} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, 'Check the path and its permissions', cause);
    }
  }
  if (typeof secret !== 'string') throw configError(field, `expected the secret as a string or { file }, got ${secret === null ? 'null' : `a ${typeof secret}`}`, GET_A_KEY);
  return secret;
}

/** Checks an HMAC key once. Messages describe the secret (its length, its shape), never show it. */
export function loadHmacKey(input: unknown, field = 'hmacKey'): { accessId: string; secret: string } {
  if (typeof input !== 'object' || input === null) throw configError(field, `expected { accessId, secret }, got ${input === null ? 'null' : `a ${typeof input}`}`, GET_A_KEY);
  const { accessId, secret: given } = input as { accessId?: unknown; secret?: unknown };
  if (typeof accessId !== 'string' || !ACCESS_ID.test(accessId)) {
    throw configError(`${field}.accessId`, `expected the key's access ID (letters and digits, e.g. GOOG1E…), got ${describeValue(accessId)}`, GET_A_KEY);
  }
  const secret = readSecret(given, `${field}.secret`);
  if (secret.trimStart().startsWith('{')) {
    throw configError(`${field}.secret`, 'this looks like a service-account JSON key, not an HMAC secret', 'Pass service-account keys as serviceAccountKey (GOOG4-RSA-SHA256)');
  }
  if (!SECRET.test(secret)) {
    throw configError(`${field}.secret`, `expected the 40-character base64 secret shown when the key was created, got ${secret === '' ? 'an empty string' : `${secret.length} characters${/[^A-Za-z0-9+/]/.test(secret) ? ' with some outside A-Z a-z 0-9 + /' : ''}`}`, GET_A_KEY);
  }
  return { accessId, secret };
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("GOOG4" + secret, day), "auto"), "storage"), "goog4_request"). The secret is used as its text. */
export function deriveGoog4SigningKey(secret: string, day: string): Buffer {
  return hmac(hmac(hmac(hmac(`GOOG4${secret}`, day), 'auto'), 'storage'), 'goog4_request');
}
