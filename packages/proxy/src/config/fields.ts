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

const COMMON = ['type', 'mode', 'expiresIn', 'cacheControl', 'carryHeaders'];

/** Fields a location of each `type` accepts: the options of `cloudfront()` and `s3()` that JSON can express. */
export const LOCATION_FIELDS: Record<'cloudfront' | 's3', ReadonlySet<string>> = {
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
]);
