import { AccelError, bunny, cloudfront, gcs, googleCdn, isAccelError, s3, secureLink, signed, type AccelTarget } from '@cdn-accel/core';
import { configError, describeValue } from '@cdn-accel/core/internal';
import { LOCATION_FIELDS, LOCATION_TYPES, type LocationType } from './fields.js';
import { isOptionalType, missingPackage, type OptionalTargets, type OptionalType } from './optional-targets.js';
import { resolveSecrets, type SecretSources } from './resolve-secrets.js';

/**
 * The target factory of each `"type"` of the core; the file's options are handed to it as they are (after
 * secrets). The others come from their own packages, loaded beforehand (`OptionalTargets`).
 */
const FACTORIES: Record<Exclude<LocationType, OptionalType>, (options: never) => AccelTarget> = {
  cloudfront,
  s3,
  'google-cdn': googleCdn,
  gcs,
  bunny,
  'secure-link': secureLink,
  signed,
};
const TYPE_LIST = LOCATION_TYPES.map((type) => `"${type}"`);
const TYPE_CHOICES = `${TYPE_LIST.slice(0, -1).join(', ')} or ${TYPE_LIST[TYPE_LIST.length - 1]}`;
// The option prefixes the factories put in their messages (`googleCdn.url: …`, `secureLink(): …`).
const FACTORY_FIELD = /^(?:cloudfront|s3|googleCdn|gcs|bunny|secureLink|signed|files)\./;
const FACTORY_CALL = /^(?:cloudfront|s3|googleCdn|gcs|bunny|secureLink|signed|files)\(\): /;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function factoryOf(field: string, type: LocationType, optional: OptionalTargets): (options: never) => AccelTarget {
  if (!isOptionalType(type)) return FACTORIES[type];
  const factory = optional[type];
  if (factory === undefined) throw missingPackage(field, type);
  return factory;
}

/** `locations["/protected/"]`: how errors name a location. */
export function locationField(prefix: string): string {
  return `locations[${JSON.stringify(prefix)}]`;
}

/**
 * Builds one location target from its JSON: checks `type` and the field names, resolves secrets, then lets
 * the type's target factory (`cloudfront()`, `s3()`, `googleCdn()`, `gcs()`, `bunny()`, `secureLink()`, `signed()`,
 * or `files()` from `optional`) validate the values, re-labelling their errors with the location.
 */
export function buildLocation(prefix: string, raw: unknown, sources: SecretSources, optional: OptionalTargets = {}): AccelTarget {
  const field = locationField(prefix);
  if (!isPlainObject(raw)) throw configError(field, `expected an object, got ${describeValue(raw)}`, `Give { "type": ${TYPE_LIST.join(' | ')}, … }`);
  const type = raw.type as LocationType;
  if (!LOCATION_TYPES.includes(type)) {
    throw configError(`${field}.type`, `expected ${TYPE_CHOICES}, got ${describeValue(type)}`, `Say which kind of target this location signs for, e.g. "type": "cloudfront" (one of ${TYPE_LIST.join(', ')})`);
  }
  const allowed = LOCATION_FIELDS[type];
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) {
      throw configError(`${field}.${key}`, `is not an option of a "${type}" location`, `Remove it, or use one of: ${[...allowed].join(', ')}`);
    }
  }
  const factory = factoryOf(field, type, optional);
  const { type: _type, ...options } = resolveSecrets(field, raw, sources) as Record<string, unknown>;
  try {
    return factory(options as never);
  } catch (error) {
    if (!isAccelError(error)) throw error;
    throw new AccelError('ERR_ACCEL_CONFIG', inLocation(field, error.message), { status: 500, expose: false, cause: error });
  }
}

/**
 * A target's error message with its field named as the config file names it: `cloudfront.expiresIn: …`,
 * `googleCdn.keys[1].key: …` and `keys[0].privateKey: …` become `locations["/p/"].expiresIn: …`,
 * `locations["/p/"].keys[1].key: …` and `locations["/p/"].keys[0].privateKey: …` (and `addHeaders["X-A"]: …` alike).
 * The message already says what was wrong and the fix.
 */
function inLocation(field: string, message: string): string {
  const bare = message.replace(FACTORY_FIELD, '');
  if (FACTORY_CALL.test(bare)) return `${field}: ${bare.slice(bare.indexOf(' ') + 1)}`;
  return /^[A-Za-z][\w.]*(?:\[[^\]]*\][\w.]*)*: /.test(bare) ? `${field}.${bare}` : `${field}: ${bare}`;
}
