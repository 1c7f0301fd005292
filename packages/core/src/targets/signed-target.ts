import { brandTarget } from '../contract/target-brand.js';
import { checkStreamOptions, STREAM_OPTION_NAMES, type StreamLocationOptions } from './stream-options.js';
import type { AccelTarget, TargetSignInput, TargetSignResult } from '../contract/target.js';
import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { maxAgeDirectives } from '../header/cache-control.js';
import { compileHostAllowList } from '../signed/host-allow-list.js';
import { signedObjectUrl, signedUrlOfUrlKey } from '../signed/signed-url.js';
import { checkRedirectCacheControl, checkTargetMode, DEFAULT_LIFETIME } from './common-options.js';

/** Options of a location whose URLs the app signed itself (Zulip's and Odoo's `/internal/s3/<host>/<path>?<query>`, GOV.UK's `/cloud-storage-proxy/https://<host>/<path>?<query>`). */
export interface SignedTargetOptions extends StreamLocationOptions {
  /**
   * The only hosts the app's URLs may name: exact (`my-bucket.s3.eu-west-1.amazonaws.com`, `127.0.0.1:9000`) or
   * `*.suffix` (`*.s3.amazonaws.com`: one or more labels under the suffix, never the suffix itself). Lower case,
   * ASCII (`xn--` for an internationalised name), a port only where the URLs carry one. Any other host is a 404.
   */
  hosts: readonly string[];
  /**
   * `redirect` sends the browser to the app's own URL; `stream` fetches it here and sends the bytes, as Nginx's
   * `proxy_pass https://$s3_hostname/$s3_path$is_args$args` does. Nothing here signs, so there are no cookies.
   * @default 'redirect'
   */
  mode?: 'redirect' | 'stream';
  /**
   * The scheme of every URL. `'http'` is for an S3 stand-in on the same machine or network; it takes exact hosts
   * only (no wildcard), so that each plain-HTTP destination is named.
   * @default 'https'
   */
  protocol?: 'https' | 'http';
  /**
   * How the app writes the URL after the location's prefix. `'host'`: `<host>/<path>` (Zulip, Odoo:
   * `/internal/s3/<host>/<path>?<query>`). `'url'`: the whole URL with its scheme, `https://<host>/<path>` (GOV.UK's
   * asset manager: `/cloud-storage-proxy/https://<host>/<path>?<query>`); the scheme must be `protocol`'s, and the
   * `//` after it is the only one the location accepts.
   * @default 'host'
   */
  form?: 'host' | 'url';
  /**
   * `Cache-Control` of the redirect. The app's URL expires when the app decided, which cdn-accel does not know:
   * `max-age`/`s-maxage` are refused (0 aside), so that no cache keeps the redirect past its URL.
   * @default 'private, no-store'
   */
  cacheControl?: string;
}

const OPTIONS = new Set(['hosts', 'mode', 'protocol', 'form', 'cacheControl', ...STREAM_OPTION_NAMES]);

function checkProtocol(value: unknown): 'https' | 'http' {
  if (value === undefined || value === 'https' || value === 'http') return value ?? 'https';
  throw configError('signed.protocol', `expected 'https' or 'http', got ${describeValue(value)}`, "Leave it out for https; 'http' only for a local S3 stand-in");
}

function checkForm(value: unknown): 'host' | 'url' {
  if (value === undefined || value === 'host' || value === 'url') return value ?? 'host';
  throw configError('signed.form', `expected 'host' or 'url', got ${describeValue(value)}`, "Leave it out for <prefix><host>/<path>; 'url' for <prefix>https://<host>/<path>");
}

function checkCacheControl(value: unknown): string {
  const checked = checkRedirectCacheControl(value, 'signed.cacheControl', Number.MAX_SAFE_INTEGER);
  for (const { name, seconds } of maxAgeDirectives(checked)) {
    if (seconds > 0) {
      throw configError('signed.cacheControl', `${name}=${seconds}: the app's URL may expire sooner, and cdn-accel cannot know when`, "Use e.g. 'private, no-store' (the default)");
    }
  }
  return checked;
}

/**
 * A location for URLs the app presigned itself: `X-Accel-Redirect: /internal/s3/<host>/<path>?<signed query>`
 * becomes `https://<host>/<path>?<signed query>`, exactly as the app signed it, when `<host>` is on `hosts`.
 * Nothing is signed here: the host allow-list is what keeps the app's header from reaching any other server.
 */
export function signed(options: SignedTargetOptions): AccelTarget {
  if (typeof options !== 'object' || options === null) throw configError('signed()', 'expected an options object', "Pass { hosts: ['my-bucket.s3.eu-west-1.amazonaws.com'] }");
  for (const name of Object.keys(options)) {
    if (!OPTIONS.has(name)) throw configError(`signed.${name}`, 'is not an option of signed()', `Use ${[...OPTIONS].join(', ')}`);
  }
  const mode = checkTargetMode(options.mode, 'signed.mode', 'A signed() location', ['redirect', 'stream'] as const, 'the app signed its URL, so there is nothing to put in a cookie');
  const protocol = checkProtocol(options.protocol);
  const hosts = compileHostAllowList(options.hosts, 'signed.hosts', protocol);
  const redirectCacheControl = checkCacheControl(options.cacheControl);
  const form = checkForm(options.form);
  const build = form === 'host' ? signedObjectUrl : signedUrlOfUrlKey;

  function sign(input: TargetSignInput): TargetSignResult {
    return { url: build(input.key, input.query, hosts, protocol) };
  }

  const streamSettings = checkStreamOptions(options, 'signed', mode);
  return brandTarget({
    kind: 'signed',
    mode,
    ...(streamSettings === undefined ? {} : { streamSettings }),
    ...(form === 'url' ? { keyScheme: protocol } : {}),
    // Not a signature's life (the app chose that): how long the engine reuses the URL built for one header value.
    expiresIn: DEFAULT_LIFETIME,
    origin: `${protocol}://${hosts.entries[0] as string}`,
    // The app signed for one method; a HEAD gets the same URL (see docs/signed-urls.md).
    methodBound: false,
    carry: { contentDisposition: false, cacheControl: false, contentType: false },
    redirectCacheControl,
    ip: 'none',
    ipv6: 'refuse',
    sign,
    ready: () => Promise.resolve(),
  });
}
