import type { IncomingMessage } from 'node:http';
import type { KeyObject } from 'node:crypto';
import type { AccelLogger, Clock, GoogleCdnKeyOptions, SecureLinkOptions } from '@cdn-accel/core';
import type { DevCdnBunnyOptions } from './bunny-authorize.js';
import type { DevCdnGcsKeys } from './gcs-authorize.js';

/** A CloudFront public key: PEM string or Buffer, a `KeyObject`, or a file holding the PEM. */
export type DevCdnPublicKey = string | Buffer | KeyObject | { file: string };

/**
 * Options of `createDevCdn`. The emulator plays one provider: CloudFront and S3 (`publicKeys`, `s3Secrets`: at least
 * one of them), or one of `googleCdn`, `gcs`, `bunny` and `secureLink`.
 */
export interface DevCdnOptions {
  /** Folder whose files are served. `/a/b.pdf` is `<root>/a/b.pdf`; an S3 path-style URL `/bucket/key` is `<root>/bucket/key`. */
  root: string;
  /**
   * The CloudFront key group: public keys by their id (the `Key-Pair-Id` the app signs with). Several keys
   * allow a rotation to be rehearsed. Omit to refuse every CloudFront-signed request.
   * @default {}
   */
  publicKeys?: Record<string, DevCdnPublicKey>;
  /**
   * S3 credentials the emulator accepts for SigV4 presigned URLs: secret access keys by access key id.
   * Omit to refuse every S3 presigned request.
   * @default {}
   */
  s3Secrets?: Record<string, string>;
  /** Play Google Cloud CDN: every key of the backend (`keyName` + `key`, or `keys`). Signed URLs, URL prefixes and cookies. */
  googleCdn?: GoogleCdnKeyOptions;
  /** Play Cloud Storage: V4 signed URLs, path style (`/bucket/name` is `<root>/bucket/name`), RSA and HMAC keys. */
  gcs?: DevCdnGcsKeys;
  /** Play bunny.net: token authentication of a pull zone. */
  bunny?: DevCdnBunnyOptions;
  /** Play an Nginx location with `secure_link` (the same options as the `secureLink()` location). */
  secureLink?: SecureLinkOptions;
  /** Milliseconds since the epoch; injected so tests can move time. @default Date.now */
  now?: Clock;
  /**
   * The viewer's address, checked against a custom policy's `IpAddress`. The default is the socket's peer,
   * as CloudFront sees it; a test behind a proxy may read a header instead.
   * @default the socket's remote address (IPv4-mapped IPv6 written as IPv4)
   */
  clientIp?: (req: IncomingMessage) => string | undefined;
  /**
   * Origins whose pages may read the files with `fetch(…, { credentials: 'include' })` (CORS with credentials),
   * as a CloudFront response headers policy would allow; e.g. the app's origin for an HLS player.
   * @default [] (no CORS headers)
   */
  corsOrigins?: string[];
  /** Where refusals are reported (one `warn` line each) and the development-only banner is printed. @default silent */
  logger?: AccelLogger;
}
