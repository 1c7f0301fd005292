import type { Outcome } from './report.js';
import { safeUrl } from './shown-text.js';

/** A location target as the JSON config writes it. */
export type TargetJson = Record<string, unknown>;

export interface TargetChoice {
  target?: TargetJson;
  outcome: Outcome;
  note: string;
}

/** Options of the translation that choose what a guess becomes. */
export interface TargetDefaults {
  /**
   * The `hosts` of a `signed` location (`--signed-hosts`); without them a signed location is not translated.
   * SECURITY: no default: a shared provider suffix (`*.s3.amazonaws.com`) admits every customer's bucket.
   */
  signedHosts?: string[] | undefined;
}

const VIRTUAL_HOSTED = /^([a-z0-9][a-z0-9.-]*[a-z0-9])\.s3(?:[.-]([a-z0-9-]+))?(?:\.dualstack)?\.amazonaws\.com$/;
const PATH_STYLE = /^s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

const STREAM_NOTE = 'mode "stream": the bytes pass through cdn-accel as they passed through Nginx; "redirect" would send the client to the signed URL instead';

function s3Target(bucket: string, region: string | undefined, prefix: string): TargetChoice {
  const target: TargetJson = { type: 's3', bucket, region: region ?? 'us-east-1' };
  if (prefix !== '') target.prefix = prefix;
  target.mode = 'stream';
  const signing = 'Nginx fetched the objects unsigned (a public bucket); cdn-accel presigns each request with the AWS credentials it finds (the default chain, or "credentials")';
  if (region === undefined) return { target, outcome: 'approximated', note: `s3 bucket "${bucket}"; the host names no region, so "region" is us-east-1: set the bucket's own; ${signing}; ${STREAM_NOTE}` };
  return { target, outcome: 'approximated', note: `s3 bucket "${bucket}" in ${region}; ${signing}; ${STREAM_NOTE}` };
}

function cloudfrontTarget(url: string): TargetChoice {
  return {
    target: { type: 'cloudfront', url, keyPairId: { env: 'CF_KEY_PAIR_ID' }, privateKey: { env: 'CF_PRIVATE_KEY' }, mode: 'stream' },
    outcome: 'approximated',
    note: `cloudfront ${url}; Nginx fetched it unsigned, cdn-accel signs: give the distribution a key group (restrict viewer access) and set CF_KEY_PAIR_ID and CF_PRIVATE_KEY; ${STREAM_NOTE}`,
  };
}

/**
 * The target for objects fetched from `base` + the rest of the internal path: S3 (virtual-hosted or path-style
 * AWS hosts), CloudFront (`*.cloudfront.net`); any other host has no cdn-accel target.
 */
export function urlTarget(base: string): TargetChoice {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return { outcome: 'not translatable', note: `"${safeUrl(base)}" is not a URL cdn-accel can sign for` };
  }
  const host = url.hostname.toLowerCase();
  const path = decodeURIComponent(url.pathname).replace(/^\//, '');
  const hosted = VIRTUAL_HOSTED.exec(host);
  if (hosted !== null) return s3Target(hosted[1] as string, REGION.test(hosted[2] ?? '') ? hosted[2] : undefined, path);
  const pathStyle = PATH_STYLE.exec(host);
  if (pathStyle !== null && path.includes('/')) {
    const [bucket = '', ...key] = path.split('/');
    return s3Target(bucket, REGION.test(pathStyle[1] ?? '') ? pathStyle[1] : undefined, key.join('/'));
  }
  if (host.endsWith('.cloudfront.net')) return cloudfrontTarget(`${url.origin}${url.pathname}`);
  return {
    outcome: 'not translatable',
    note: `${host} is neither S3 nor CloudFront, and cdn-accel fetches only from what it signs for: put the files behind S3 or CloudFront (a "s3" or "cloudfront" location), or keep this location in Nginx with cdn-accel serve beside it (--backend-snippet)`,
  };
}

// Providers' shared domains: anyone can create a bucket under them, so a wildcard over one is no trust boundary.
const SHARED_SUFFIX = /^\*\.(?:[a-z0-9-]+\.)*(?:amazonaws\.com|googleapis\.com|cloudflarestorage\.com|core\.windows\.net|digitaloceanspaces\.com|backblazeb2\.com|wasabisys\.com)$/i;
// Path-style hosts name the bucket in the path: every bucket of the provider is behind them.
const PATH_STYLE_HOST = /^(?:s3(?:[.-][a-z0-9-]+)?(?:\.dualstack)?\.amazonaws\.com|storage\.googleapis\.com|[a-z0-9]+\.r2\.cloudflarestorage\.com)$/i;

/** What is wrong with `hosts` as a trust boundary, for the report. */
function hostsWarning(hosts: readonly string[]): string {
  const shared = hosts.filter((host) => SHARED_SUFFIX.test(host));
  const pathStyle = hosts.filter((host) => PATH_STYLE_HOST.test(host));
  const parts: string[] = [];
  if (shared.length > 0) parts.push(`WARNING: ${shared.join(', ')} is a provider's shared domain, under which anyone can create a bucket: list your own buckets' host names instead`);
  if (pathStyle.length > 0) parts.push(`WARNING: ${pathStyle.join(', ')} is a path-style host, which reaches every bucket (the first path segment names it): list your own buckets' virtual-hosted names instead`);
  return parts.map((part) => `; ${part}`).join('');
}

/** A location whose `proxy_pass` takes the host (or the whole URL) from the internal path itself: the app signed the URL (Zulip, Odoo, GOV.UK). */
export function signedTarget(defaults: TargetDefaults, scheme: 'https' | 'http' | 'from the app'): TargetChoice {
  const hosts = defaults.signedHosts;
  if (hosts === undefined || hosts.length === 0) {
    return {
      outcome: 'not translatable',
      note: 'a "signed" location fetches only from the hosts it is given, and Nginx fetched from any host the app named: pass --signed-hosts <your bucket\'s host(s)>, e.g. my-bucket.s3.eu-west-1.amazonaws.com (your own buckets\' virtual-hosted names; a wildcard over a provider\'s shared domain, such as *.s3.amazonaws.com, admits every customer\'s bucket, and a path-style host every bucket)',
    };
  }
  // The app names the scheme too (GOV.UK's /<prefix>/https://host/…): the "url" form reads it, for https only.
  const target: TargetJson = scheme === 'from the app' ? { type: 'signed', hosts, form: 'url', mode: 'stream' } : { type: 'signed', hosts, mode: 'stream' };
  if (scheme === 'http') target.protocol = 'http';
  const differs = scheme === 'from the app'
    ? '; the app names the scheme (<prefix>https://<host>/<path>): "form": "url" reads it, https only, where Nginx fetched http:// URLs too ("protocol": "http" for a plain-HTTP stand-in, exact hosts only)'
    : scheme === 'http' ? '; plain HTTP, as Nginx fetched: "protocol": "http" takes exact hosts only' : '';
  return {
    target,
    outcome: 'approximated',
    note: `signed: the app's own signed URL, fetched and streamed as Nginx did; Nginx fetched from any host the app named, cdn-accel only from "hosts" (${hosts.join(', ')}): list your storage hosts (--signed-hosts)${hostsWarning(hosts)}${differs}`,
  };
}
