import type { Accel, AccelLogger } from '@cdn-accel/core';

/**
 * Says at startup that `ip: 'client'` locations would bind every signature to Nginx's own address (the TCP peer)
 * when the backend does not trust Nginx's `X-Real-IP`: CloudFront would then refuse every such URL.
 */
export function warnUntrustedClientIp(accel: Accel, trustForwarded: boolean, logger: AccelLogger): void {
  if (!accel.needsClientIp || trustForwarded) return;
  logger.warn(
    "cdn-accel backend: a location binds signatures to the client's IP (ip: 'client'), but trustForwarded is off, so the " +
      "address used is Nginx's own (the TCP peer) and the signed URLs will not work for the client. Set trustForwarded " +
      '(--trust-forwarded) and add "proxy_set_header X-Real-IP $remote_addr;" to the internal location.',
  );
}
