import { isIPv4 } from 'node:net';
import { AccelError } from '../errors/accel-error.js';
import type { AccelLogger } from '../runtime/logger.js';
import type { Location } from '../routing/location-table.js';
import type { AccelTarget } from '../contract/target.js';

/**
 * The IPv4 address to bind a signature to, or undefined for no IP condition. CloudFront policies have no
 * IPv6 condition: an IPv6 (or unknown) client gets a 403, or an unbound URL with `ipv6: 'unbound'`.
 */
export function bindableIp(target: AccelTarget, clientIp: string | undefined): string | undefined {
  if (target.ip !== 'client') return undefined;
  if (clientIp !== undefined) {
    const address = clientIp.startsWith('::ffff:') ? clientIp.slice(7) : clientIp;
    if (isIPv4(address)) return address;
  }
  // SECURITY: fail closed by default; an unbound URL is a bearer token for anyone, which ip: 'client' was meant to prevent.
  if (target.ipv6 === 'unbound') return undefined;
  throw new AccelError('ERR_ACCEL_INVALID_INPUT', 'Forbidden (this download is bound to an IPv4 address; connect over IPv4)', { status: 403 });
}

/** Says at startup what `ipv6: 'unbound'` gives away, once per location that chose it. */
export function warnUnboundIpv6(locations: readonly Location[], logger: AccelLogger): void {
  for (const { prefix, target } of locations) {
    if (target.ip !== 'client' || target.ipv6 !== 'unbound') continue;
    logger.warn(
      `cdn-accel: location ${JSON.stringify(prefix)} has ip: 'client' with ipv6: 'unbound': a client without an IPv4 address ` +
        '(IPv6, or an X-Forwarded-For entry that is not IPv4) gets a URL with no IP condition, which anyone holding it can use ' +
        "until it expires. Remove ipv6 (default 'refuse', 403) to keep every URL of this location bound.",
    );
  }
}
