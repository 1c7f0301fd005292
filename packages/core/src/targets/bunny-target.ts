import { createBunnySigner } from '../bunny/create-signer.js';
import type { BunnySigner, BunnySignerOptions, BunnySignInput } from '../bunny/types.js';
import { brandTarget } from '../contract/target-brand.js';
import { checkStreamOptions, withoutStreamOptions } from './stream-options.js';
import type { AccelTarget, TargetSignInput, TargetSignResult } from '../contract/target.js';
import { configError } from '../errors/accel-error.js';
import { checkLifetime, checkMode, checkRedirectCacheControl, checkTargetMode, type CommonTargetOptions } from './common-options.js';
import { asTargetError } from './provider-error.js';

/** Options of a bunny.net location (token authentication of one pull zone). */
export interface BunnyTargetOptions extends CommonTargetOptions, Omit<BunnySignerOptions, 'baseUrl'> {
  /** Base URL the location prefix maps onto: `https://myzone.b-cdn.net/` or `https://cdn.example.com/media/`. */
  url: string;
  /**
   * `'folder'` signs the object's folder (`token_path`): the token then opens every file under it, which an HLS or
   * DASH player needs. With `tokenIn: 'directory'` the playlist's relative URLs keep the token, without cookies.
   * @default 'object'
   */
  scope?: 'object' | 'folder';
  /**
   * `'client'` locks each token to the client's address (`HS256-1-` tokens). The engine binds IPv4 clients; a
   * client without an IPv4 address is handled by `ipv6`. @default 'none'
   */
  ip?: 'none' | 'client';
  /** With `ip: 'client'`: `'refuse'` (403) or `'unbound'` (a token without IP lock) for a client without IPv4. @default 'refuse' */
  ipv6?: 'refuse' | 'unbound';
  /** What the client gets. bunny.net has no signed cookies; directory tokens serve HLS instead. @default 'redirect' */
  mode?: 'redirect' | 'stream';
}

// bunny.net sets no upper bound of its own; a year keeps a mistyped lifetime from minting near-permanent URLs.
const MAX_LIFETIME = 365 * 24 * 3600;

function createSigner(options: BunnyTargetOptions): BunnySigner {
  const { url, scope: _s, ip: _i, ipv6: _v, mode: _m, expiresIn: _e, cacheControl: _c, ...signerOptions } = withoutStreamOptions(options);
  try {
    return createBunnySigner({ ...signerOptions, baseUrl: url });
  } catch (cause) {
    throw asTargetError(cause, 'bunny.', { baseUrl: 'url' });
  }
}

/**
 * A bunny.net location: URLs with an `HS256-` token (HMAC-SHA256) in the query or, for streams, as the first path
 * segment; optionally for the object's folder, locked to the client's address, or limited to some countries.
 */
export function bunny(options: BunnyTargetOptions): AccelTarget {
  if (typeof options !== 'object' || options === null) throw configError('bunny()', 'expected an options object', "Pass { url: 'https://myzone.b-cdn.net/', securityKey, expiresIn }");
  const expiresIn = checkLifetime(options.expiresIn, 'bunny.expiresIn', MAX_LIFETIME);
  const mode = checkTargetMode(options.mode, 'bunny.mode', 'bunny.net', ['redirect', 'stream'] as const, "for HLS or DASH, use tokenIn: 'directory' with scope: 'folder' (relative URLs of the playlist keep the token)");
  const scope = checkMode(options.scope, 'bunny.scope', ['object', 'folder'] as const);
  const ip = checkMode(options.ip, 'bunny.ip', ['none', 'client'] as const);
  const ipv6 = checkMode(options.ipv6, 'bunny.ipv6', ['refuse', 'unbound'] as const);
  if (ip === 'client' && mode === 'stream') {
    throw configError('bunny.ip', "'client' cannot be combined with mode 'stream': the server fetches the object, from its own address", "Leave ip out for a stream location, or use mode 'redirect'");
  }
  const redirectCacheControl = checkRedirectCacheControl(options.cacheControl, 'bunny.cacheControl', expiresIn);
  const signer = createSigner(options);
  const origin = new URL(options.url).origin;

  function sign(input: TargetSignInput): TargetSignResult {
    const request: BunnySignInput = { key: input.key, query: input.query, expiresAt: input.expiresAt };
    if (input.clientIp !== undefined) request.clientIp = input.clientIp;
    if (scope === 'folder') request.tokenPath = 'folder';
    return { url: signer.signUrl(request) };
  }

  const streamSettings = checkStreamOptions(options, 'bunny', mode);
  return brandTarget({
    kind: 'bunny',
    mode,
    ...(streamSettings === undefined ? {} : { streamSettings }),
    expiresIn,
    origin,
    methodBound: false,
    carry: { contentDisposition: false, cacheControl: false, contentType: false },
    redirectCacheControl,
    ip,
    ipv6,
    sign,
    ready: () => Promise.resolve(),
  });
}
