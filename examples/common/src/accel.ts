import { readFileSync } from 'node:fs';
import { cloudfront, createAccel, s3, type Accel, type AccelLogger } from '@cdn-accel/core';
import type { ExampleConfig } from './config.js';
import type { DemoProvider, ProviderKeys } from './provider-keys.js';
import { providerLocations } from './provider-locations.js';

/** Where the files are and how to sign for them, real AWS or the local emulator. */
export interface CdnSettings {
  /** Base URL of the distribution (or emulator), ending in `/`. */
  cdnUrl: string;
  keyPairId: string;
  privateKeyPem: string;
  /** S3 presigned downloads instead of CloudFront signed URLs. */
  s3?: { bucket: string; region: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } };
  /** Another provider the local emulator plays, and the development secrets it shares with the app. */
  other?: { provider: Exclude<DemoProvider, 'cloudfront'>; keys: ProviderKeys };
}

export function settingsFromConfig(config: ExampleConfig): CdnSettings | undefined {
  if (config.cdnUrl === undefined) return undefined;
  return {
    cdnUrl: config.cdnUrl,
    keyPairId: config.keyPairId!,
    privateKeyPem: readFileSync(config.privateKeyFile!, 'utf8'),
    s3: config.s3Bucket === undefined ? undefined : { bucket: config.s3Bucket, region: config.s3Region, endpoint: config.s3Endpoint },
  };
}

/**
 * The Nginx configuration of this app, as cdn-accel locations:
 *   location /protected/ { internal; … }  → downloads, signed URL (or S3 presigned URL)
 *   location /videos/    { internal; … }  → HLS, signed cookies for the video's folder
 */
export function buildAccel(config: ExampleConfig, cdn: CdnSettings, logger?: AccelLogger): Accel {
  const cache = { window: Math.max(1, Math.min(60, Math.floor(config.downloadExpiresIn / 5))) };
  if (cdn.other !== undefined) return createAccel({ logger, cache, locations: providerLocations(cdn.other.provider, cdn.other.keys, cdn.cdnUrl, config) });
  const signer = { keyPairId: cdn.keyPairId, privateKey: cdn.privateKeyPem };
  const downloads = cdn.s3
    ? s3({
        bucket: cdn.s3.bucket,
        region: cdn.s3.region,
        prefix: 'books/',
        expiresIn: config.downloadExpiresIn,
        ...(cdn.s3.endpoint === undefined ? {} : { endpoint: cdn.s3.endpoint, forcePathStyle: true }),
        ...(cdn.s3.credentials === undefined ? {} : { credentials: cdn.s3.credentials }),
      })
    : cloudfront({ ...signer, url: `${cdn.cdnUrl}books/`, expiresIn: config.downloadExpiresIn, carryHeaders: { contentDisposition: true } });
  return createAccel({
    logger,
    cache,
    locations: {
      '/protected/': downloads,
      '/videos/': cloudfront({
        ...signer,
        url: `${cdn.cdnUrl}videos/`,
        mode: 'cookies',
        expiresIn: config.videoExpiresIn,
        cookie: { path: '/', secure: config.cookieSecure, httpOnly: true, sameSite: 'Lax', ...(config.cookieDomain ? { domain: config.cookieDomain } : {}) },
      }),
    },
  });
}
