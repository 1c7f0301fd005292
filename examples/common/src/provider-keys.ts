import { randomBytes, randomUUID } from 'node:crypto';

/** The CDN the local emulator plays: CloudFront (with S3) by default, or one of the other providers. */
export const DEMO_PROVIDERS = ['cloudfront', 'google-cdn', 'gcs', 'bunny', 'secure-link'] as const;
export type DemoProvider = (typeof DEMO_PROVIDERS)[number];

/** Development secrets of the other providers, shared in-process by the app and the emulator; made at each start. */
export interface ProviderKeys {
  /** Cloud CDN key name and 128-bit key (base64url). */
  googleCdn: { keyName: string; key: string };
  /** A Cloud Storage HMAC key and the bucket (a folder of the emulator's root). */
  gcs: { bucket: string; accessId: string; secret: string };
  /** The bunny.net pull zone's token key. */
  bunny: string;
  /** The secure_link expression and secret. */
  secureLink: { secureLinkMd5: string; secret: string };
}

export function generateProviderKeys(): ProviderKeys {
  return {
    googleCdn: { keyName: 'dev-key', key: randomBytes(16).toString('base64url') },
    gcs: { bucket: 'demo-media', accessId: `GOOG1EDEV${randomBytes(8).toString('hex').toUpperCase()}`, secret: randomBytes(30).toString('base64') },
    bunny: randomUUID(),
    secureLink: { secureLinkMd5: '$secure_link_expires$uri $secret', secret: randomBytes(24).toString('base64url') },
  };
}
