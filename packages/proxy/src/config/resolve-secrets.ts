import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { configError, describeValue } from '@cdn-accel/core/internal';
import { SECRET_FIELDS } from './fields.js';

/** Where secrets are read from: the config file's folder and the environment. */
export interface SecretSources {
  baseDir: string;
  env: NodeJS.ProcessEnv;
}

function isReference(value: unknown): value is { file: string } | { env: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'file' || keys[0] === 'env');
}

function readReference(field: string, reference: { file: string } | { env: string }, sources: SecretSources): string {
  if ('env' in reference) {
    const value = typeof reference.env === 'string' ? sources.env[reference.env] : undefined;
    if (value === undefined || value === '') {
      throw configError(field, `environment variable ${JSON.stringify(reference.env)} is not set`, 'Export it before starting the proxy, or use { "file": "…" }');
    }
    return value;
  }
  if (typeof reference.file !== 'string' || reference.file === '') {
    throw configError(field, '"file" must be a non-empty path', 'Give a path relative to the config file, e.g. { "file": "cloudfront-private.pem" }');
  }
  const path = isAbsolute(reference.file) ? reference.file : resolve(sources.baseDir, reference.file);
  try {
    // Trailing newlines of secret files (echo "$KEY" > file) are not part of the secret; PEM parsers do not mind.
    return readFileSync(path, 'utf8').trim();
  } catch (cause) {
    throw configError(field, `cannot read ${JSON.stringify(reference.file)} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, 'Check the path, relative to the config file’s folder, and its permissions', cause);
  }
}

/**
 * Replaces every `{ "file": "…" }` and `{ "env": "NAME" }` inside `value` with the secret it names.
 * Errors name the field (`locations["/protected/"].privateKey`) and never include the secret.
 */
export function resolveSecrets(field: string, value: unknown, sources: SecretSources): unknown {
  if (isReference(value)) return readReference(field, value, sources);
  if (Array.isArray(value)) return value.map((item, index) => resolveSecrets(`${field}[${index}]`, item, sources));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const secret = SECRET_FIELDS.get(key);
      // SECURITY: the config file is meant to be committed; a secret written into it would be committed too.
      if (secret !== undefined && !isReference(item)) {
        // The value itself is never shown: it may be the secret.
        const problem = typeof item === 'string'
          ? `${item.includes('-----BEGIN') ? 'an inline PEM' : 'an inline value'} is not accepted: the config file says where secrets are, it never holds them`
          : `expected { "file": … } or { "env": … }, got ${item === null || typeof item === 'object' ? describeValue(item) : `a ${typeof item}`}`;
        throw configError(`${field}.${key}`, problem, `Put it in a file and give { "file": "${secret.file}" } (relative to the config file), or in an environment variable and give { "env": "${secret.env}" }`);
      }
      out[key] = resolveSecrets(`${field}.${key}`, item, sources);
    }
    return out;
  }
  return value;
}
