import * as path from 'node:path';
import { createDevCdn, ensureDevKeys, writeSampleMedia, type RunningDevCdn } from '@cdn-accel/dev-cdn';
import { readFileSync } from 'node:fs';
import type { AccelLogger } from '@cdn-accel/core';
import type { CdnSettings } from './accel.js';
import type { ExampleConfig } from './config.js';

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
  const cdn = await createDevCdn({
    root,
    publicKeys: { [keys.keyPairId]: { file: keys.publicKeyFile } },
    s3Secrets: { [keys.s3AccessKeyId]: keys.s3SecretAccessKey },
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
  };
  return { cdn, settings };
}
