import { cloudfront, isAccelError, s3, type AccelTarget, type CloudFrontTargetOptions, type S3TargetOptions } from '@cdn-accel/core';
import { configError } from '@cdn-accel/core/internal';
import { LOCATION_FIELDS } from './fields.js';
import { resolveSecrets, type SecretSources } from './resolve-secrets.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `locations["/protected/"]`: how errors name a location. */
export function locationField(prefix: string): string {
  return `locations[${JSON.stringify(prefix)}]`;
}

/**
 * Builds one location target from its JSON: checks `type` and the field names, resolves secrets, then lets
 * `cloudfront()` / `s3()` validate the values, re-labelling their errors with the location.
 */
export function buildLocation(prefix: string, raw: unknown, sources: SecretSources): AccelTarget {
  const field = locationField(prefix);
  if (!isPlainObject(raw)) throw configError(field, 'expected an object', 'Give { "type": "cloudfront" | "s3", … }');
  const type = raw.type;
  if (type !== 'cloudfront' && type !== 's3') {
    throw configError(`${field}.type`, `expected "cloudfront" or "s3", got ${JSON.stringify(type)}`, 'Say which kind of target this location signs for');
  }
  const allowed = LOCATION_FIELDS[type];
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) {
      throw configError(`${field}.${key}`, `is not an option of a "${type}" location`, `Remove it, or use one of: ${[...allowed].join(', ')}`);
    }
  }
  const { type: _type, ...options } = resolveSecrets(field, raw, sources) as Record<string, unknown>;
  try {
    return type === 'cloudfront' ? cloudfront(options as unknown as CloudFrontTargetOptions) : s3(options as unknown as S3TargetOptions);
  } catch (error) {
    if (!isAccelError(error)) throw error;
    throw configError(field, error.message.replace(/\.$/, ''), 'Fix this location in the config file', error);
  }
}
