import * as path from 'node:path';
import { createDevCdn, ensureDevKeys, writeSampleMedia, type DevCdnOptions, type RunningDevCdn } from '@cdn-accel/dev-cdn';
import { readFileSync } from 'node:fs';
import type { AccelLogger } from '@cdn-accel/core';
import type { CdnSettings } from './accel.js';
import type { ExampleConfig } from './config.js';
import { generateProviderKeys, type DemoProvider, type ProviderKeys } from './provider-keys.js';

/** What the emulator checks when it plays a provider other than CloudFront: the same secrets the app signs with. */
function providerOptions(provider: Exclude<DemoProvider, 'cloudfront'>, keys: ProviderKeys): Partial<DevCdnOptions> {
  switch (provider) {
    case 'google-cdn': return { googleCdn: keys.googleCdn };
    case 'gcs': return { gcs: { hmacKeys: { [keys.gcs.accessId]: keys.gcs.secret } } };
    case 'bunny': return { bunny: { securityKey: keys.bunny } };
    case 'secure-link': return { secureLink: keys.secureLink };
  }
}

export interface LocalCdn {
  cdn: RunningDevCdn;
  settings: CdnSettings;
}

/**
 * Starts the local CDN emulator (development only) with keys from `.dev-keys/` (generated on first run) and the
 * sample media, and returns the settings the app signs with. `appOrigin` may read the video with credentials.
 */
export async function startLocalCdn(config: ExampleConfig, appOrigin: string, logger?: AccelLogger): Promise<LocalCdn> {
  const keys = ensureDevKeys(config.devKeysDir);
  const root = writeSampleMedia(config.mediaDir);
  // Path-style S3 URLs name the bucket first: the emulator finds `/<bucket>/books/…` in `<root>/<bucket>/books/…`.
  if (config.s3Bucket !== undefined) writeSampleMedia(path.join(root, config.s3Bucket));
  const other = config.provider === 'cloudfront' ? undefined : { provider: config.provider, keys: generateProviderKeys() };
  // Cloud Storage URLs are path style too: `/<bucket>/books/…` is `<root>/<bucket>/books/…`.
  if (other?.provider === 'gcs') writeSampleMedia(path.join(root, other.keys.gcs.bucket));
  const cdn = await createDevCdn({
    root,
    ...(other === undefined
      ? { publicKeys: { [keys.keyPairId]: { file: keys.publicKeyFile } }, s3Secrets: { [keys.s3AccessKeyId]: keys.s3SecretAccessKey } }
      : providerOptions(other.provider, other.keys)),
    corsOrigins: [appOrigin],
    ...(logger ? { logger } : {}),
  }).listen({ host: config.host, port: config.cdnPort });
  const settings: CdnSettings = {
    cdnUrl: cdn.url,
    keyPairId: keys.keyPairId,
    privateKeyPem: readFileSync(keys.privateKeyFile, 'utf8'),
    // With S3_BUCKET set and no CDN_URL, the emulator plays S3 too: the bucket is a folder of the media root.
    s3: config.s3Bucket === undefined ? undefined : {
      bucket: config.s3Bucket,
      region: config.s3Region,
      endpoint: cdn.url.replace(/\/$/, ''),
      credentials: { accessKeyId: keys.s3AccessKeyId, secretAccessKey: keys.s3SecretAccessKey },
    },
    ...(other === undefined ? {} : { other }),
  };
  return { cdn, settings };
}
