import type { AwsCredentials, CredentialProvider } from '../credentials/types.js';
import type { Clock } from '../runtime/clock.js';
import type { AccelLogger } from '../runtime/logger.js';
import type { ResponseHeaderOverrides } from './response-headers.js';

export interface S3PresignerOptions {
  /** Signing region, e.g. `eu-west-1`; `auto` for Cloudflare R2; whatever the server expects for MinIO/Ceph. */
  region: string;
  /**
   * Static keys, or any async provider (e.g. `fromIni({ profile })` from `@aws-sdk/credential-providers`).
   * @default the AWS default chain (env, shared files, SSO, process, web identity, ECS, EC2), loaded on first use
   */
  credentials?: AwsCredentials | CredentialProvider;
  /** Profile for the default chain; ignored when `credentials` is given. @default AWS_PROFILE, else "default" */
  profile?: string;
  /**
   * A custom S3-compatible endpoint: `https://<account>.r2.cloudflarestorage.com`, `http://127.0.0.1:9000`
   * (MinIO), `https://s3.us-west-004.backblazeb2.com`, `https://s3.wasabisys.com`, a Ceph radosgw… A base
   * path is kept. @default `https://s3.<region>.amazonaws.com` (`.com.cn` in China)
   */
  endpoint?: string;
  /** Always `https://host/bucket/key` instead of `https://bucket.host/key`. @default false (dotted buckets and IP endpoints use path style anyway) */
  forcePathStyle?: boolean;
  /** `s3.dualstack.<region>.amazonaws.com` (IPv4 and IPv6). @default false */
  useDualstackEndpoint?: boolean;
  /** `<bucket>.s3-accelerate.amazonaws.com` (Transfer Acceleration; DNS-compatible buckets only). @default false */
  useAccelerateEndpoint?: boolean;
  /** Lifetime of a URL when a request gives none, in seconds, 1…604800. @default 900 */
  expiresIn?: number;
  /**
   * When a URL would outlive temporary credentials (minus `credentialExpiryMargin`): `clamp` shortens it,
   * `throw` refuses with `ERR_ACCEL_CREDENTIALS`. S3 rejects such URLs once the credentials expire.
   * @default 'clamp'
   */
  onCredentialExpiry?: 'clamp' | 'throw';
  /** Seconds kept free before temporary credentials expire. @default 60 */
  credentialExpiryMargin?: number;
  /** Refresh temporary credentials this many seconds before they expire. @default 300 */
  refreshBefore?: number;
  /** Clock in ms since the epoch, for the signing time and expiry checks. @default Date.now */
  now?: Clock;
  /** Where credential refresh problems are reported. @default silent */
  logger?: AccelLogger;
}

export interface PresignRequest {
  bucket: string;
  /** The raw object key; encoded once per segment. `.`/`..` segments (also `%2e` forms) are refused. */
  key: string;
  /** Presigned URLs are method-bound: sign HEAD for a HEAD request. @default 'GET' */
  method?: 'GET' | 'HEAD';
  /** Seconds, 1…604800. @default the presigner's `expiresIn` (900) */
  expiresIn?: number;
  /** The instant the URL is signed at (validity starts there). @default now() */
  signingDate?: Date;
  /** Headers S3 sets on the response (signed). */
  responseHeaders?: ResponseHeaderOverrides;
}

/** An S3 presigner; see `createS3Presigner`. */
export interface S3Presigner {
  /** Resolves once credentials are loaded; presign() before that waits for them, after that never waits on the network. */
  ready(): Promise<void>;
  presign(request: PresignRequest): Promise<string>;
  /** Synchronous fast path, throws ERR_ACCEL_CREDENTIALS if credentials are not loaded yet. */
  presignSync(request: PresignRequest): string;
  /** Stops background refresh timers (they are unref'd anyway). */
  close(): void;
}

export const MAX_EXPIRES_IN = 604_800;
export const DEFAULT_EXPIRES_IN = 900;
