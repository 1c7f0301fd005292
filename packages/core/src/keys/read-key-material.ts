import { readFileSync } from 'node:fs';
import { KeyObject } from 'node:crypto';
import { AccelError } from '../errors/accel-error.js';

/** A key as handed over by the caller, with `{ file }` already read. */
export type KeyMaterial = string | Buffer | KeyObject;

/** Reads `{ file }` once, at startup; other inputs pass through. */
export function readKeyMaterial(input: unknown, field: string): KeyMaterial {
  if (typeof input === 'string' || Buffer.isBuffer(input) || input instanceof KeyObject) return input;
  if (typeof input === 'object' && input !== null && typeof (input as { file?: unknown }).file === 'string') {
    const file = (input as { file: string }).file;
    try {
      return readFileSync(file);
    } catch (cause) {
      throw new AccelError('ERR_ACCEL_INVALID_KEY', `${field}: cannot read key file "${file}" (${(cause as Error).message}). Check the path and its permissions.`, { cause });
    }
  }
  throw new AccelError('ERR_ACCEL_INVALID_KEY', `${field}: expected a PEM string, a Buffer, a KeyObject or { file: "path.pem" }, got ${describe(input)}.`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
