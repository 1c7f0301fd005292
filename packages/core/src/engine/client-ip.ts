import { isIPv4 } from 'node:net';
import { AccelError } from '../errors/accel-error.js';
import type { AccelTarget } from './types.js';

/**
 * The IPv4 address to bind a signature to, or undefined for no IP condition. CloudFront policies have no
 * IPv6 condition: an IPv6 (or unknown) client gets an unbound URL, or a 403 with `ipv6: 'refuse'`.
 */
export function bindableIp(target: AccelTarget, clientIp: string | undefined): string | undefined {
  if (target.ip !== 'client') return undefined;
  if (clientIp !== undefined) {
    const address = clientIp.startsWith('::ffff:') ? clientIp.slice(7) : clientIp;
    if (isIPv4(address)) return address;
  }
  if (target.ipv6 === 'unbound') return undefined;
  throw new AccelError('ERR_ACCEL_INVALID_INPUT', 'Forbidden (this download is bound to an IPv4 address; connect over IPv4)', { status: 403 });
}
