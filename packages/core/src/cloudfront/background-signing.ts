import type { CloudFrontPolicy, CookieAttributes, SignedCookies } from './types.js';

/** Where a signer keeps its variant that signs without holding the event loop (local keys only). */
export const BACKGROUND_SIGNING = Symbol('cdn-accel.cloudfront.background-signing');

/**
 * The same signatures as the signer's own, computed on libuv's thread pool: the engine refreshes cache entries
 * with them, so that an RSA signature never stalls the requests of a busy server.
 */
export interface BackgroundSigning {
  signUrl(url: string, policy: CloudFrontPolicy): Promise<string>;
  signCookies(resource: string, policy: CloudFrontPolicy, attributes?: CookieAttributes): Promise<SignedCookies>;
}

/** The signer's background variant; undefined for a remote signer (KMS), whose signatures never block anyway. */
export function backgroundSigning(signer: object): BackgroundSigning | undefined {
  return (signer as { [BACKGROUND_SIGNING]?: BackgroundSigning })[BACKGROUND_SIGNING];
}
