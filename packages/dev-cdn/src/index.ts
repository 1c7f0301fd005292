export { createDevCdn } from './create-dev-cdn.js';
export type { DevCdn, DevCdnListenOptions, RunningDevCdn } from './create-dev-cdn.js';
export type { DevCdnOptions, DevCdnPublicKey } from './options.js';
export { devCdnBanner, DEV_CDN_SERVER_HEADER } from './banner.js';
export { REASON_HEADER as DEV_CDN_REASON_HEADER } from './handler.js';
export { writeSampleMedia, SAMPLE_MEDIA } from './sample-media.js';
export { ensureDevKeys } from './dev-keys.js';
export type { DevKeys } from './dev-keys.js';
