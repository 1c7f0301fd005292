import { AccelError, cloudfront, isAccelError, s3, type AccelTarget, type CloudFrontTargetOptions, type S3TargetOptions } from '@cdn-accel/core';
import { configError, describeValue } from '@cdn-accel/core/internal';
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
  if (!isPlainObject(raw)) throw configError(field, `expected an object, got ${describeValue(raw)}`, 'Give { "type": "cloudfront" | "s3", … }');
  const type = raw.type;
  if (type !== 'cloudfront' && type !== 's3') {
    throw configError(`${field}.type`, `expected "cloudfront" or "s3", got ${describeValue(type)}`, 'Say which kind of target this location signs for: "type": "cloudfront" or "type": "s3"');
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
    throw new AccelError('ERR_ACCEL_CONFIG', inLocation(field, error.message), { status: 500, expose: false, cause: error });
  }
}

/**
 * A target's error message with its field named as the config file names it: `cloudfront.expiresIn: …` and
 * `keys[0].privateKey: …` become `locations["/p/"].expiresIn: …` and `locations["/p/"].keys[0].privateKey: …`.
 * The message already says what was wrong and the fix.
 */
function inLocation(field: string, message: string): string {
  const bare = message.replace(/^(?:cloudfront|s3)\./, '');
  if (/^(?:cloudfront|s3)\(\): /.test(bare)) return `${field}: ${bare.slice(bare.indexOf(' ') + 1)}`;
  return /^[A-Za-z][\w.[\]]*: /.test(bare) ? `${field}.${bare}` : `${field}: ${bare}`;
}
