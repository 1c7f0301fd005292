import type { IncomingMessage } from 'node:http';
import { createSecureLinkVerifier, type Clock, type SecureLinkOptions } from '@cdn-accel/core';
import type { Authorize } from './authorize.js';
import { nginxRefusal } from './provider-refusals.js';

/**
 * What an Nginx location with `secure_link` and `if ($secure_link = "") { return 403; } if ($secure_link = "0")
 * { return 410; }` decides, with Nginx's own error pages; `$remote_addr` is the socket's peer.
 */
export function createSecureLinkAuthorize(options: SecureLinkOptions, now: Clock, clientIp: (req: IncomingMessage) => string | undefined): Authorize {
  const verifier = createSecureLinkVerifier(options);
  return async (req, facts) => {
    const remoteAddr = clientIp(req);
    const verdict = verifier.verify(facts.url, { now, ...(remoteAddr === undefined ? {} : { remoteAddr }) });
    if (!verdict.ok) return { ok: false, refusal: nginxRefusal(verdict.status), reason: `${verdict.reason}: ${verdict.message}` };
    return { ok: true, scheme: 'secure-link', overrides: {} };
  };
}
