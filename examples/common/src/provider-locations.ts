import { bunny, gcs, googleCdn, secureLink, type AccelOptions } from '@cdn-accel/core';
import type { ExampleConfig } from './config.js';
import type { DemoProvider, ProviderKeys } from './provider-keys.js';

/**
 * The app's two Nginx locations for a provider other than CloudFront. Downloads are signed URLs (Cloud Storage
 * carries the file name as response-content-disposition). The video needs one signature for a whole folder:
 * Cloud CDN's cookie, or bunny.net's directory token; Cloud Storage and secure_link sign one object, so only the
 * playlist opens and its segments are refused, as they would be by the real service.
 */
export function providerLocations(provider: Exclude<DemoProvider, 'cloudfront'>, keys: ProviderKeys, cdnUrl: string, config: ExampleConfig): AccelOptions['locations'] {
  const downloads = { expiresIn: config.downloadExpiresIn };
  const video = { expiresIn: config.videoExpiresIn };
  switch (provider) {
    case 'google-cdn':
      return {
        '/protected/': googleCdn({ ...keys.googleCdn, ...downloads, url: `${cdnUrl}books/` }),
        '/videos/': googleCdn({
          ...keys.googleCdn, ...video, url: `${cdnUrl}videos/`, mode: 'cookies',
          cookie: { path: '/', secure: config.cookieSecure, httpOnly: true, sameSite: 'Lax', ...(config.cookieDomain ? { domain: config.cookieDomain } : {}) },
        }),
      };
    case 'gcs': {
      const bucket = { bucket: keys.gcs.bucket, endpoint: cdnUrl.replace(/\/$/, ''), hmacKey: { accessId: keys.gcs.accessId, secret: keys.gcs.secret } };
      return { '/protected/': gcs({ ...bucket, ...downloads, prefix: 'books/' }), '/videos/': gcs({ ...bucket, ...video, prefix: 'videos/' }) };
    }
    case 'bunny':
      return {
        '/protected/': bunny({ securityKey: keys.bunny, ...downloads, url: `${cdnUrl}books/` }),
        '/videos/': bunny({ securityKey: keys.bunny, ...video, url: `${cdnUrl}videos/`, tokenIn: 'directory', scope: 'folder' }),
      };
    case 'secure-link':
      return {
        '/protected/': secureLink({ ...keys.secureLink, ...downloads, url: `${cdnUrl}books/` }),
        '/videos/': secureLink({ ...keys.secureLink, ...video, url: `${cdnUrl}videos/` }),
      };
  }
}
