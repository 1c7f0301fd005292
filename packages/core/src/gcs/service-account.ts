import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { configError } from '../errors/accel-error.js';

/** A service-account key file as the Google Cloud console downloads it (`type: "service_account"`). */
export interface ServiceAccountKey {
  type?: string;
  client_email: string;
  private_key: string;
  private_key_id?: string;
  project_id?: string;
  universe_domain?: string;
  [field: string]: unknown;
}

/** The key file's JSON (object, text or bytes) or `{ file }`. */
export type ServiceAccountKeyInput = ServiceAccountKey | string | Uint8Array | { file: string };

/** A service-account key checked once: who signs, and the RSA key it signs with. */
export interface LoadedServiceAccount {
  clientEmail: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  universeDomain: string | undefined;
}

const GET_A_KEY = 'Download a JSON key of the service account (IAM → Service accounts → Keys → Add key → JSON) and pass it as { file: "key.json" }';
const EMAIL = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/;
const HMAC_SECRET = /^[A-Za-z0-9+/]{40}$/;
const CLOUD_CDN_KEY = /^[A-Za-z0-9_-]{22}(?:==)?$/;

/** What a string that is not JSON most likely is, for the message; never the string itself. */
function notJson(text: string, field: string): Error {
  const trimmed = text.trim();
  if (HMAC_SECRET.test(trimmed)) {
    return configError(field, 'this looks like an HMAC key secret (40 base64 characters), not a service-account JSON key; GOOG4-RSA-SHA256 needs the RSA key of a service account', 'Pass HMAC keys as hmacKey: { accessId, secret } (GOOG4-HMAC-SHA256), or give the JSON key file here');
  }
  if (CLOUD_CDN_KEY.test(trimmed)) {
    return configError(field, 'this looks like a Cloud CDN signing key (16 bytes of base64url), not a service-account JSON key', `Cloud CDN keys belong to a googleCdn location; for Cloud Storage, ${GET_A_KEY}`);
  }
  if (trimmed.startsWith('-----BEGIN')) {
    return configError(field, 'this is a bare PEM key; the signed URL also needs the service account\'s email', `Pass the whole JSON key file (it holds both), e.g. { file: "key.json" }`);
  }
  if (/^[^{\s]+\.json$/i.test(trimmed)) return configError(field, 'this looks like a file path', `Pass it as { file: ${JSON.stringify(trimmed)} }`);
  const position = /position (\d+)/.exec(safeParseError(trimmed))?.[1];
  return configError(field, `the service-account key is not valid JSON${position === undefined ? '' : ` (at position ${position})`}`, GET_A_KEY);
}

/** JSON.parse's message without the quoted input it may contain: only the position is kept. */
function safeParseError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

function readJson(input: unknown, field: string): unknown {
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input instanceof Uint8Array) text = Buffer.from(input).toString('utf8');
  else if (typeof input === 'object' && input !== null && typeof (input as { file?: unknown }).file === 'string' && Object.keys(input).length === 1) {
    const file = (input as { file: string }).file;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      throw configError(field, `cannot read the key file ${JSON.stringify(file)} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, 'Check the path and its permissions', cause);
    }
  } else return input;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw notJson(text, field);
  }
}

function checkShape(json: unknown, field: string): ServiceAccountKey {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw configError(field, `expected a service-account JSON key (an object with client_email and private_key), got ${Array.isArray(json) ? 'an array' : json === null ? 'null' : `a ${typeof json}`}`, GET_A_KEY);
  }
  const key = json as Record<string, unknown>;
  if (typeof key.accessId === 'string' || typeof key.secret === 'string') {
    throw configError(field, 'this is an HMAC key ({ accessId, secret }); GOOG4-RSA-SHA256 needs the RSA key of a service account', 'Pass it as hmacKey instead (GOOG4-HMAC-SHA256), or give a service-account JSON key here');
  }
  if (key.type !== undefined && key.type !== 'service_account') {
    throw configError(`${field}.type`, `"${String(key.type)}" credentials cannot sign URLs; only a service account's own key can`, GET_A_KEY);
  }
  if (typeof key.client_email !== 'string' || !EMAIL.test(key.client_email)) {
    throw configError(`${field}.client_email`, 'is missing or not an email address', GET_A_KEY);
  }
  if (typeof key.private_key !== 'string' || !key.private_key.includes('-----BEGIN')) {
    throw configError(`${field}.private_key`, 'is missing or not a PEM key', GET_A_KEY);
  }
  return key as ServiceAccountKey;
}

function parseRsaKey(pem: string, field: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (cause) {
    // The parser's own message names no key material, but is not needed: the PEM is unreadable.
    throw configError(`${field}.private_key`, 'the PEM could not be parsed', GET_A_KEY, cause);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw configError(`${field}.private_key`, `is of key type "${key.asymmetricKeyType ?? 'unknown'}"; GOOG4-RSA-SHA256 signs with RSA`, GET_A_KEY);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) throw configError(`${field}.private_key`, `RSA-${bits} is too weak; service-account keys are RSA-2048`, GET_A_KEY);
  return key;
}

/**
 * Reads and checks a service-account key once, at startup. Every message names the field and what was wrong,
 * never the key's content.
 */
export function loadServiceAccountKey(input: unknown, field = 'serviceAccountKey'): LoadedServiceAccount {
  const key = checkShape(readJson(input, field), field);
  const privateKey = parseRsaKey(key.private_key, field);
  const universeDomain = typeof key.universe_domain === 'string' && key.universe_domain !== '' ? key.universe_domain : undefined;
  return { clientEmail: key.client_email, privateKey, publicKey: createPublicKey(privateKey), universeDomain };
}
