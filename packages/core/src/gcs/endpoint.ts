import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { checkBucketName, isVirtualHostable } from './bucket-name.js';

/** How the bucket is addressed in the URL. */
export type GcsUrlStyle = 'path' | 'virtual-hosted' | 'bucket-bound';

export interface GcsAddressOptions {
  bucket: string;
  urlStyle?: GcsUrlStyle;
  bucketBoundHostname?: string;
  endpoint?: string;
  universeDomain?: string;
}

/** Where the bucket's objects are: `origin + pathPrefix + '/' + encodedName`, and the `host` that is signed. */
export interface GcsAddress {
  bucket: string;
  urlStyle: GcsUrlStyle;
  /** `https://host[:port]` exactly as configured (a written `:443` stays: the URL is what the caller asked for). */
  origin: string;
  /** The signed `host`: the host name without its port, as Google's client libraries and conformance tests sign it. */
  host: string;
  /** `/bucket` (path style) or `''`. */
  pathPrefix: string;
}

const AUTHORITY = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?\/?$/;
const BARE_HOST = /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

interface Authority { scheme: string; hostname: string; port: string }

/** Parses `https://host[:port]` (or a bare `host[:port]`, as https) without normalising what the caller wrote. */
function parseAuthority(value: unknown, field: string, example: string): Authority {
  const text = typeof value === 'string' ? value : '';
  const full = AUTHORITY.exec(text);
  const bare = full === null ? BARE_HOST.exec(text) : null;
  // SECURITY: credentials, paths, queries or fragments in a base URL would leak into or corrupt every signed URL.
  if (full === null && bare === null) {
    throw configError(field, `expected a lower-case http(s) origin without path, query or user:password@, got ${describeValue(value)}`, `Use e.g. ${example}`);
  }
  return full === null
    ? { scheme: 'https', hostname: bare![1]!, port: bare![2] ?? '' }
    : { scheme: full[1]!, hostname: full[2]!, port: full[3] ?? '' };
}

function checkUniverse(value: unknown): string {
  if (value === undefined) return 'googleapis.com';
  if (typeof value !== 'string' || !DOMAIN.test(value)) {
    throw configError('universeDomain', `expected a domain such as "googleapis.com", got ${describeValue(value)}`, 'Leave it out for Google Cloud; set it only for another universe (Google Distributed Cloud, S3NS)');
  }
  return value;
}

/**
 * Resolves once how one bucket is addressed: path style (`https://storage.googleapis.com/bucket/name`, the
 * default), virtual-hosted (`https://bucket.storage.googleapis.com/name`) or a bucket-bound hostname
 * (`https://media.example.com/name`, a CNAME or a load balancer in front of the bucket).
 */
export function resolveGcsAddress(options: GcsAddressOptions, universeFromKey?: string): GcsAddress {
  const bucket = checkBucketName(options.bucket, 'bucket');
  const urlStyle = options.urlStyle ?? (options.bucketBoundHostname === undefined ? 'path' : 'bucket-bound');
  if (urlStyle !== 'path' && urlStyle !== 'virtual-hosted' && urlStyle !== 'bucket-bound') {
    throw configError('urlStyle', `expected "path", "virtual-hosted" or "bucket-bound", got ${describeValue(urlStyle)}`, 'Leave it out for path style (the default)');
  }
  if (urlStyle === 'bucket-bound') {
    if (options.bucketBoundHostname === undefined) throw configError('bucketBoundHostname', 'is required with urlStyle "bucket-bound"', 'Pass the host that serves the bucket, e.g. "https://media.example.com"');
    if (options.endpoint !== undefined) throw configError('endpoint', 'cannot be combined with bucketBoundHostname', 'Leave endpoint out: the bucket-bound hostname is the origin');
    const { scheme, hostname, port } = parseAuthority(options.bucketBoundHostname, 'bucketBoundHostname', '"https://media.example.com"');
    return { bucket, urlStyle, origin: `${scheme}://${hostname}${port}`, host: hostname, pathPrefix: '' };
  }
  if (options.bucketBoundHostname !== undefined) throw configError('bucketBoundHostname', `is only used with urlStyle "bucket-bound", not "${urlStyle}"`, 'Set urlStyle: "bucket-bound" or leave bucketBoundHostname out');
  const universe = checkUniverse(options.universeDomain ?? universeFromKey);
  const base = options.endpoint === undefined
    ? { scheme: 'https', hostname: `storage.${universe}`, port: '' }
    : parseAuthority(options.endpoint, 'endpoint', '"http://127.0.0.1:4443" for an emulator');
  if (urlStyle === 'path') return { bucket, urlStyle, origin: `${base.scheme}://${base.hostname}${base.port}`, host: base.hostname, pathPrefix: `/${bucket}` };
  if (!isVirtualHostable(bucket) && base.scheme === 'https') {
    throw configError('urlStyle', `bucket "${bucket}" has a "." or "_", so it cannot be a host name under the TLS certificate of ${base.hostname}`, 'Use urlStyle "path" (the default) or a bucket-bound hostname');
  }
  const hostname = `${bucket}.${base.hostname}`;
  return { bucket, urlStyle, origin: `${base.scheme}://${hostname}${base.port}`, host: hostname, pathPrefix: '' };
}
