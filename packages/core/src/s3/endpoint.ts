import { isIP } from 'node:net';
import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { AccelError } from '../errors/accel-error.js';
import { isVirtualHostable } from './bucket-name.js';

/** Where one bucket's objects live: `origin + pathPrefix + '/' + encodedKey`. */
export interface BucketAddress {
  /** `https://host[:port]`. */
  origin: string;
  /** The `host` header value that is signed. */
  host: string;
  /** Already-encoded path before the key, without trailing `/`: `''`, `/bucket` or `/base/bucket`. */
  pathPrefix: string;
}

export interface EndpointOptions {
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  useDualstackEndpoint: boolean;
  useAccelerateEndpoint: boolean;
}

const REGION = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function dnsSuffix(region: string): string {
  if (region.startsWith('cn-')) return 'amazonaws.com.cn';
  if (region.startsWith('us-isob-')) return 'sc2s.sgov.gov';
  if (region.startsWith('us-iso-')) return 'c2s.ic.gov';
  return 'amazonaws.com';
}

interface Base { protocol: string; host: string; hostname: string; basePath: string; isCustom: boolean }

function parseCustomEndpoint(endpoint: string): Base {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (cause) {
    throw configError('endpoint', `"${endpoint}" is not a URL`, 'Pass e.g. "https://<account>.r2.cloudflarestorage.com" or "http://127.0.0.1:9000"', cause);
  }
  // SECURITY: credentials, queries or fragments in the endpoint would leak into or corrupt every URL.
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw configError('endpoint', `"${endpoint}" must be a plain http(s) URL`, 'Remove any user:password@, ?query or #fragment');
  }
  return { protocol: url.protocol, host: url.host, hostname: url.hostname, basePath: url.pathname.replace(/\/+$/, ''), isCustom: true };
}

function awsBase(options: EndpointOptions): Base {
  const suffix = dnsSuffix(options.region);
  const dualstack = options.useDualstackEndpoint ? 'dualstack.' : '';
  const hostname = options.useAccelerateEndpoint ? `s3-accelerate.${dualstack}${suffix}` : `s3.${dualstack}${options.region}.${suffix}`;
  return { protocol: 'https:', host: hostname, hostname, basePath: '', isCustom: false };
}

function validate(options: EndpointOptions): void {
  // SECURITY: the region becomes part of the host name and of the signed scope.
  if (typeof options.region !== 'string' || !REGION.test(options.region)) {
    throw configError('region', `expected a region name, got ${describeValue(options.region)}`, 'Pass e.g. "eu-west-1", or "auto" for Cloudflare R2');
  }
  if (options.endpoint !== undefined && (options.useDualstackEndpoint || options.useAccelerateEndpoint)) {
    throw configError('endpoint', 'a custom endpoint cannot be combined with useDualstackEndpoint or useAccelerateEndpoint', 'Put the dual-stack or accelerate host in the endpoint itself');
  }
  if (options.useAccelerateEndpoint && options.forcePathStyle) {
    throw configError('useAccelerateEndpoint', 'S3 Transfer Acceleration only works with virtual-hosted addressing', 'Drop forcePathStyle');
  }
  if (options.useAccelerateEndpoint && dnsSuffix(options.region) !== 'amazonaws.com') {
    throw configError('useAccelerateEndpoint', `Transfer Acceleration is not available in ${options.region}`, 'Drop useAccelerateEndpoint');
  }
}

/**
 * Resolves, once, how buckets are addressed; returns the per-bucket resolver. Virtual-hosted style
 * unless `forcePathStyle`, the bucket is not a plain DNS label (dots, upper case, `_`) or the custom
 * endpoint is an IP address — the same choices the AWS SDK makes.
 */
export function createBucketAddresser(options: EndpointOptions): (bucket: string) => BucketAddress {
  validate(options);
  const base = options.endpoint === undefined ? awsBase(options) : parseCustomEndpoint(options.endpoint);
  const pathStyleOnly = options.forcePathStyle || (base.isCustom && isIP(base.hostname.replace(/^\[|\]$/g, '')) !== 0);
  const pathStyle: (bucket: string) => BucketAddress = (bucket) => ({
    origin: `${base.protocol}//${base.host}`,
    host: base.host,
    pathPrefix: `${base.basePath}/${bucket}`,
  });
  return (bucket) => {
    if (pathStyleOnly || !isVirtualHostable(bucket)) {
      if (options.useAccelerateEndpoint) {
        throw new AccelError('ERR_ACCEL_INVALID_INPUT', `bucket "${bucket}" cannot use Transfer Acceleration: it needs a DNS-compatible name without dots`, { status: 400 });
      }
      return pathStyle(bucket);
    }
    const host = `${bucket}.${base.host}`;
    return { origin: `${base.protocol}//${host}`, host, pathPrefix: base.basePath };
  };
}
