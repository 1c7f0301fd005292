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
