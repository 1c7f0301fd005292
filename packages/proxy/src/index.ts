export { runCli } from './cli/main.js';
export type { CliIo, CliCommand } from './cli/command.js';
export { createDevCdn, devCdnBanner, DEV_CDN_SERVER_HEADER, DEV_CDN_REASON_HEADER, writeSampleMedia, SAMPLE_MEDIA } from './dev-cdn/index.js';
export type { DevCdn, DevCdnListenOptions, DevCdnOptions, DevCdnPublicKey, RunningDevCdn } from './dev-cdn/index.js';
export { ensureDevKeys } from './dev-cdn/index.js';
export type { DevKeys } from './dev-cdn/index.js';
