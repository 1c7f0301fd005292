/** Top-level fields of a `cdn-accel.json` (the JSON Schema in `schema/cdn-accel.schema.json` mirrors these lists). */
export const TOP_LEVEL_FIELDS = [
  '$schema',
  'upstream',
  'listen',
  'workers',
  'healthPath',
  'accessLog',
  'trustForwarded',
  'upstreamTimeout',
  'streamTimeout',
  'shutdownTimeout',
  'cache',
  'redirectStatus',
  'batchSignatures',
  'locations',
] as const;

/** The `"type"` of a location: which target factory of `@cdn-accel/core` (or `files()` of `@cdn-accel/files`) builds it. */
export const LOCATION_TYPES = ['cloudfront', 's3', 'google-cdn', 'gcs', 'bunny', 'secure-link', 'signed', 'files'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

/** Nginx's `limit_rate`, `limit_rate_after`, `expires` and `add_header`, for the locations whose bytes cdn-accel serves. */
const STREAM = ['limitRate', 'limitRateAfter', 'expires', 'addHeaders'];
const BASE = ['type', 'mode', 'expiresIn', 'cacheControl', ...STREAM];
const COMMON = [...BASE, 'carryHeaders'];

/**
 * Fields a location of each `type` accepts: the options of its target factory that JSON can express (not the
 * remote `sign` functions of CloudFront and Cloud Storage).
 */
export const LOCATION_FIELDS: Record<LocationType, ReadonlySet<string>> = {
  cloudfront: new Set([
    ...COMMON,
    'url',
    'ip',
    'ipv6',
    'cookie',
    'keyPairId',
    'privateKey',
    'passphrase',
    'keys',
    'activeKeyPairId',
    'hashAlgorithm',
    'allowAnyRsaKeySize',
  ]),
  s3: new Set([
    ...COMMON,
    'bucket',
    'region',
    'prefix',
    'credentials',
    'profile',
    'endpoint',
    'forcePathStyle',
    'useDualstackEndpoint',
    'useAccelerateEndpoint',
    'onCredentialExpiry',
    'credentialExpiryMargin',
    'refreshBefore',
  ]),
  'google-cdn': new Set([...BASE, 'url', 'cookie', 'keyName', 'key', 'keys', 'activeKeyName']),
  gcs: new Set([...COMMON, 'bucket', 'prefix', 'serviceAccountKey', 'hmacKey', 'urlStyle', 'bucketBoundHostname', 'endpoint', 'universeDomain']),
  bunny: new Set([...BASE, 'url', 'securityKey', 'tokenIn', 'scope', 'countries', 'blockedCountries', 'limit', 'ignoreParams', 'ip', 'ipv6']),
  'secure-link': new Set([...BASE, 'url', 'secureLinkMd5', 'secret', 'secureLink']),
  signed: new Set(['type', 'mode', 'cacheControl', ...STREAM, 'hosts', 'protocol', 'form']),
  files: new Set(['type', 'mode', ...STREAM, 'root', 'followSymlinks', 'dotfiles', 'contentType']),
};

/**
 * Fields that hold a secret, wherever they appear in a location (`keys[i].privateKey` too), with the reference a
 * fix would suggest. The config file is meant to be committed, so these take `{ "file" }` or `{ "env" }` only.
 */
export const SECRET_FIELDS: ReadonlyMap<string, { file: string; env: string }> = new Map([
  ['privateKey', { file: 'cloudfront-private.pem', env: 'CF_PRIVATE_KEY' }],
  ['passphrase', { file: 'cf-passphrase.txt', env: 'CF_KEY_PASSPHRASE' }],
  ['secretAccessKey', { file: 'aws-secret-access-key.txt', env: 'AWS_SECRET_ACCESS_KEY' }],
  ['sessionToken', { file: 'aws-session-token.txt', env: 'AWS_SESSION_TOKEN' }],
  ['key', { file: 'cloud-cdn-key.txt', env: 'CLOUD_CDN_KEY' }],
  ['serviceAccountKey', { file: 'service-account.json', env: 'GCS_SERVICE_ACCOUNT_KEY' }],
  ['secret', { file: 'secret.txt', env: 'SECRET' }],
  ['securityKey', { file: 'bunny-security-key.txt', env: 'BUNNY_SECURITY_KEY' }],
]);
