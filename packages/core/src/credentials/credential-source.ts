import { configError } from '../errors/accel-error.js';
import type { Clock } from '../runtime/clock.js';
import type { AccelLogger } from '../runtime/logger.js';
import { defaultCredentialChain } from './default-chain.js';
import { assertCredentials, RefreshingCredentials } from './refreshing-credentials.js';
import type { AwsCredentials, CredentialProvider } from './types.js';

/** What a signer reads credentials from. */
export interface CredentialSource {
  /** Valid credentials now, or `undefined`; never waits. */
  current(): AwsCredentials | undefined;
  ready(): Promise<void>;
  get(): Promise<AwsCredentials>;
  close(): void;
}

export interface CredentialSourceOptions {
  credentials?: AwsCredentials | CredentialProvider;
  profile?: string;
  now: Clock;
  logger: AccelLogger;
  refreshBeforeMs: number;
}

function staticSource(credentials: AwsCredentials, now: Clock): CredentialSource {
  const frozen = Object.freeze({ ...credentials });
  const current = () => (frozen.expiration !== undefined && frozen.expiration.getTime() <= now() ? undefined : frozen);
  return {
    current,
    ready: () => Promise.resolve(),
    get: () => Promise.resolve(frozen),
    close: () => {},
  };
}

/** Static keys are checked and used at once; providers and the default chain load in the background. */
export function createCredentialSource(options: CredentialSourceOptions): CredentialSource {
  const { credentials } = options;
  if (credentials !== undefined && typeof credentials !== 'function') {
    try {
      assertCredentials(credentials, 'credentials');
    } catch (cause) {
      throw configError('credentials', 'needs a non-empty accessKeyId and secretAccessKey', 'Pass { accessKeyId, secretAccessKey[, sessionToken] }, a provider function, or nothing for the AWS default chain', cause);
    }
    return staticSource(credentials, options.now);
  }
  const provider = credentials ?? defaultCredentialChain(options.profile === undefined ? {} : { profile: options.profile });
  return new RefreshingCredentials({ provider, now: options.now, logger: options.logger, refreshBeforeMs: options.refreshBeforeMs });
}
