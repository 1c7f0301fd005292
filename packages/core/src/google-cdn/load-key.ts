import { readFileSync } from 'node:fs';
import { configError } from '../errors/accel-error.js';
import { fromBase64Url } from './base64url.js';

/**
 * A Cloud CDN signing key: its base64url text (as `gcloud … add-signed-url-key --key-file` reads it), the 16 raw
 * bytes, or a file that holds the text.
 */
export type GoogleCdnKeyInput = string | Uint8Array | { file: string };

const KEY_BYTES = 16;
const GENERATE = 'Generate a key with: head -c 16 /dev/urandom | base64 | tr +/ -_';

function describeSecret(value: unknown): string {
  if (typeof value === 'string') return value === '' ? 'an empty string' : `a string of ${value.length} characters`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object without "file"' : `a ${typeof value}`;
}

function readFile(file: string, field: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw configError(field, `cannot read the key file ${JSON.stringify(file)} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, 'Check the path and its permissions', cause);
  }
}

/** Decodes the text form. Messages say what is wrong with the text, never the text itself. */
function decodeText(raw: string, field: string): Buffer {
  // A key file written by `… | base64 > key` ends in a newline; it is not part of the key.
  const text = raw.trim();
  if (/[+/]/.test(text)) {
    throw configError(field, 'the key is standard base64 ("+" or "/"), not base64url', 'Cloud CDN keys are RFC 4648 §5 base64url: replace "+" with "-" and "/" with "_" (tr +/ -_)');
  }
  const key = fromBase64Url(text, true);
  if (key === undefined) {
    throw configError(field, `the key is not base64url text (${text.length} characters; only A-Z a-z 0-9 - _ and trailing = are allowed)`, GENERATE);
  }
  if (key.length !== KEY_BYTES) {
    throw configError(field, `the key decodes to ${key.length} bytes; Cloud CDN keys are 128-bit (16 bytes, 24 base64url characters with padding)`, GENERATE);
  }
  return key;
}

/** Loads a Cloud CDN key once, at startup, as its 16 raw bytes. */
export function loadGoogleCdnKey(input: unknown, field: string): Buffer {
  if (typeof input === 'string') return decodeText(input, field);
  if (input instanceof Uint8Array) {
    if (input.length !== KEY_BYTES) {
      throw configError(field, `a byte array key must hold the 16 raw key bytes, got ${input.length} bytes`, 'Pass the base64url text as a string (or { file }), or the 16 decoded bytes');
    }
    return Buffer.from(input);
  }
  if (typeof input === 'object' && input !== null && typeof (input as { file?: unknown }).file === 'string') {
    return decodeText(readFile((input as { file: string }).file, field), field);
  }
  throw configError(field, `expected the key's base64url text, its 16 bytes or { file: "key.txt" }, got ${describeSecret(input)}`, GENERATE);
}
