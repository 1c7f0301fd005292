import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PROVIDERS, type DemoProvider } from './provider-keys.js';

/** Everything the example reads from the environment. Defaults run it against the local CDN emulator. */
export interface ExampleConfig {
  /** `HOST` @default '127.0.0.1' */
  host: string;
  /** `PORT` (0 picks a free port) @default 3000 */
  port: number;
  /**
   * `CDN_URL`: base URL of your CloudFront distribution (e.g. `https://media.example.com/`). Unset means: start
   * the local emulator on `CDN_PORT` with development keys and sample media.
   */
  cdnUrl: string | undefined;
  /**
   * `CDN_PROVIDER`: the CDN the local emulator plays (`pnpm demo --provider …`): `cloudfront` (with S3), `google-cdn`,
   * `gcs`, `bunny` or `secure-link`. Only the emulator plays the others; `CDN_URL` is a CloudFront distribution.
   * @default 'cloudfront'
   */
  provider: DemoProvider;
  /** `CDN_PORT` of the embedded emulator. @default 9000 */
  cdnPort: number;
  /** `CF_KEY_PAIR_ID`: the CloudFront public key id. Required with `CDN_URL`. */
  keyPairId: string | undefined;
  /** `CF_PRIVATE_KEY_FILE`: PEM file of the private key. Required with `CDN_URL`. */
  privateKeyFile: string | undefined;
  /** `S3_BUCKET`: serve downloads as S3 presigned URLs from this bucket instead of CloudFront. */
  s3Bucket: string | undefined;
  /** `S3_REGION` @default 'us-east-1' */
  s3Region: string;
  /** `S3_ENDPOINT`: an S3-compatible endpoint (path style), e.g. MinIO. @default AWS */
  s3Endpoint: string | undefined;
  /** `DOWNLOAD_EXPIRES_IN`: seconds a download URL stays valid. @default 300 */
  downloadExpiresIn: number;
  /** `VIDEO_EXPIRES_IN`: seconds the video cookies stay valid. @default 3600 */
  videoExpiresIn: number;
  /** `COOKIE_DOMAIN`: `Domain` of the CloudFront cookies, e.g. `.example.com`. @default host-only */
  cookieDomain: string | undefined;
  /** `COOKIE_SECURE`: `Secure` on the CloudFront cookies. @default true when `CDN_URL` is https */
  cookieSecure: boolean;
  /** `DEMO_USER` / `DEMO_PASSWORD`: the one account of the example. @default demo / demo */
  user: string;
  password: string;
  /** `DEV_KEYS_DIR`: where development keys are generated. @default <repo>/.dev-keys */
  devKeysDir: string;
  /** `MEDIA_DIR`: the emulator's root. @default <repo>/.tmp/sample-media (generated) */
  mediaDir: string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, allowZero = false): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) throw new Error(`${name}="${raw}" is not a ${allowZero ? 'non-negative' : 'positive'} whole number`);
  return value;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ExampleConfig {
  const cdnUrl = env.CDN_URL ? withSlash(env.CDN_URL) : undefined;
  if (cdnUrl !== undefined && (!env.CF_KEY_PAIR_ID || !env.CF_PRIVATE_KEY_FILE)) {
    throw new Error('CDN_URL is set: also set CF_KEY_PAIR_ID and CF_PRIVATE_KEY_FILE (see README "Pointing it at CloudFront")');
  }
  const provider = (env.CDN_PROVIDER || 'cloudfront') as DemoProvider;
  if (!DEMO_PROVIDERS.includes(provider)) throw new Error(`CDN_PROVIDER="${env.CDN_PROVIDER}" is not one of ${DEMO_PROVIDERS.join(', ')}`);
  if (provider !== 'cloudfront' && cdnUrl !== undefined) throw new Error(`CDN_PROVIDER=${provider} runs against the local emulator only: unset CDN_URL`);
  return {
    host: env.HOST || '127.0.0.1',
    provider,
    port: positiveInteger(env, 'PORT', 3000, true),
    cdnUrl,
    cdnPort: positiveInteger(env, 'CDN_PORT', 9000, true),
    keyPairId: env.CF_KEY_PAIR_ID || undefined,
    privateKeyFile: env.CF_PRIVATE_KEY_FILE || undefined,
    s3Bucket: env.S3_BUCKET || undefined,
    s3Region: env.S3_REGION || 'us-east-1',
    s3Endpoint: env.S3_ENDPOINT || undefined,
    downloadExpiresIn: positiveInteger(env, 'DOWNLOAD_EXPIRES_IN', 300),
    videoExpiresIn: positiveInteger(env, 'VIDEO_EXPIRES_IN', 3600),
    cookieDomain: env.COOKIE_DOMAIN || undefined,
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : (cdnUrl ?? '').startsWith('https:'),
    user: env.DEMO_USER || 'demo',
    password: env.DEMO_PASSWORD || 'demo',
    devKeysDir: env.DEV_KEYS_DIR || path.join(repoRoot, '.dev-keys'),
    mediaDir: env.MEDIA_DIR || path.join(repoRoot, '.tmp', 'sample-media'),
  };
}
