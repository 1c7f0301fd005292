import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { AccelError } from '@cdn-accel/core';

/**
 * The client's address for `ip: 'client'` locations. Untrusted, it is the TCP peer (Nginx itself). Trusted, it is
 * `X-Real-IP`, which the internal location sets from `$remote_addr`: one address, and `proxy_set_header` replaces
 * whatever the client sent under that name, which is not true of an `X-Forwarded-For` the location leaves alone.
 */
export function internalClientAddress(req: IncomingMessage, trust: boolean): string | undefined {
  if (!trust) return req.socket.remoteAddress;
  const value = req.headers['x-real-ip'];
  // SECURITY: a trusted peer without a usable X-Real-IP is a misconfigured location; binding to the peer's
  // address or to nothing would hide that, so the request fails and the log says what to add.
  if (typeof value !== 'string' || isIP(value.trim()) === 0) {
    throw new AccelError(
      'ERR_ACCEL_CONFIG',
      `the request has ${value === undefined ? 'no X-Real-IP header' : `an X-Real-IP that is not one IP address (${JSON.stringify(String(value).slice(0, 80))})`}, which trustForwarded reads the client's address from. Add "proxy_set_header X-Real-IP $remote_addr;" to the internal location`,
      { status: 500, expose: false },
    );
  }
  return value.trim();
}
