import type { IncomingMessage } from 'node:http';
import type { Clock } from '@cdn-accel/core';
import { configError } from '@cdn-accel/core/internal';
import { createAuthorize, type Authorize } from './authorize.js';
import { createBunnyAuthorize } from './bunny-authorize.js';
import { createGcsAuthorize } from './gcs-authorize.js';
import { createGoogleCdnAuthorize } from './google-cdn-authorize.js';
import { loadPublicKeys } from './load-public-keys.js';
import type { DevCdnOptions } from './options.js';
import { createSecureLinkAuthorize } from './secure-link-authorize.js';

const OTHER_PROVIDERS = ['googleCdn', 'gcs', 'bunny', 'secureLink'] as const;

/** The check of the provider the options name: CloudFront and S3 by default, or exactly one other provider. */
export function selectAuthorize(options: DevCdnOptions, now: Clock, clientIp: (req: IncomingMessage) => string | undefined): Authorize {
  const others = OTHER_PROVIDERS.filter((name) => options[name] !== undefined);
  const awsKeys = options.publicKeys !== undefined || options.s3Secrets !== undefined;
  if (others.length > 1 || (others.length === 1 && awsKeys)) {
    const named = [...(awsKeys ? ['publicKeys/s3Secrets'] : []), ...others];
    throw configError(named.join(' and '), 'the emulator plays one provider at a time', 'Start one emulator per provider, each on its own port');
  }
  switch (others[0]) {
    case 'googleCdn': return createGoogleCdnAuthorize(options.googleCdn!, now);
    case 'gcs': return createGcsAuthorize(options.gcs!, now);
    case 'bunny': return createBunnyAuthorize(options.bunny!, now, clientIp);
    case 'secureLink': return createSecureLinkAuthorize(options.secureLink!, now, clientIp);
    default: return createAuthorize({ publicKeys: loadPublicKeys(options.publicKeys ?? {}), s3Secrets: options.s3Secrets ?? {}, now, clientIp });
  }
}
