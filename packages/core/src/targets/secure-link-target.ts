import { brandTarget } from '../contract/target-brand.js';
import { checkStreamOptions, withoutStreamOptions } from './stream-options.js';
import type { AccelTarget, TargetSignInput, TargetSignResult } from '../contract/target.js';
import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { createSecureLinkSigner } from '../secure-link/create-signer.js';
import type { SecureLinkOptions, SecureLinkSigner, SecureLinkSignInput } from '../secure-link/types.js';
import { checkLifetime, checkRedirectCacheControl, checkTargetMode, type CommonTargetOptions } from './common-options.js';
import { asTargetError } from './provider-error.js';

/** Options of a location behind an Nginx `secure_link` location. */
export interface SecureLinkTargetOptions extends CommonTargetOptions, SecureLinkOptions {
  /** Base URL of the Nginx location the keys are appended to, e.g. `https://files.example.com/protected/`. */
  url: string;
  /** What the client gets. Nginx's secure_link has no cookie form. @default 'redirect' */
  mode?: 'redirect' | 'stream';
  /**
   * With `$remote_addr` in the expression every link is bound to the client's IPv4 address; a client without one
   * gets a 403. `'unbound'` cannot be offered: Nginx would compare the hash with the address anyway.
   * @default 'refuse'
   */
  ipv6?: 'refuse';
}

// Nginx sets no upper bound of its own; a year keeps a mistyped lifetime from minting near-permanent links.
const MAX_LIFETIME = 365 * 24 * 3600;

function createSigner(options: SecureLinkTargetOptions): SecureLinkSigner {
  const { url, mode: _m, ipv6: _v, expiresIn: _e, cacheControl: _c, ...linkOptions } = withoutStreamOptions(options);
  try {
    return createSecureLinkSigner({ ...linkOptions, baseUrl: url });
  } catch (cause) {
    throw asTargetError(cause, 'secureLink.', { baseUrl: 'url' });
  }
}

/**
 * A location served by an Nginx (edge or cache you run) with `secure_link $arg_md5,$arg_expires;` and
 * `secure_link_md5 "<expression>";`: links with the MD5 of the expression and the expiry. An expression with
 * `$remote_addr` binds every link to the client's IPv4 address.
 */
export function secureLink(options: SecureLinkTargetOptions): AccelTarget {
  if (typeof options !== 'object' || options === null) throw configError('secureLink()', 'expected an options object', "Pass { url, secureLinkMd5: '$secure_link_expires$uri $secret', secret }");
  const expiresIn = checkLifetime(options.expiresIn, 'secureLink.expiresIn', MAX_LIFETIME);
  const mode = checkTargetMode(options.mode, 'secureLink.mode', 'Nginx secure_link', ['redirect', 'stream'] as const);
  const redirectCacheControl = checkRedirectCacheControl(options.cacheControl, 'secureLink.cacheControl', expiresIn);
  const signer = createSigner(options);
  if (options.ipv6 !== undefined && options.ipv6 !== 'refuse') {
    const unbound = options.ipv6 === 'unbound';
    throw configError('secureLink.ipv6', unbound ? "'unbound' cannot be honoured: Nginx hashes $remote_addr into every link of this expression" : `expected 'refuse', got ${describeValue(options.ipv6)}`, "Leave ipv6 out: a client without IPv4 gets a 403");
  }
  if (signer.needsClientIp && mode === 'stream') {
    throw configError('secureLink.secureLinkMd5', "has $remote_addr, which cannot be used with mode 'stream': the server fetches the file, from its own address", "Remove $remote_addr (here and in Nginx), or use mode 'redirect'");
  }

  function sign(input: TargetSignInput): TargetSignResult {
    const link: SecureLinkSignInput = { key: input.key, query: input.query, expiresAt: input.expiresAt };
    if (input.clientIp !== undefined) link.clientIp = input.clientIp;
    return { url: signer.signUrl(link) };
  }

  const streamSettings = checkStreamOptions(options, 'secureLink', mode);
  return brandTarget({
    kind: 'secure-link',
    mode,
    ...(streamSettings === undefined ? {} : { streamSettings }),
    expiresIn,
    origin: new URL(options.url).origin,
    methodBound: false,
    carry: { contentDisposition: false, cacheControl: false, contentType: false },
    redirectCacheControl,
    ip: signer.needsClientIp ? 'client' : 'none',
    ipv6: 'refuse',
    sign,
    ready: () => Promise.resolve(),
  });
}
