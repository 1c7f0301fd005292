import { debuglog } from 'node:util';
import type { CredentialProvider } from './types.js';

const debug = debuglog('cdn-accel:credentials');

type ChainProvider = (options?: { forceRefresh?: boolean }) => Promise<import('./types.js').AwsCredentials>;

/**
 * The AWS default credential chain (environment, shared config and credentials files with profiles,
 * SSO, `credential_process`, web identity, ECS container, EC2 instance metadata) from
 * `@aws-sdk/credential-provider-node`. The module is imported on first use only, so users with
 * static keys never load it. Every call after the first forces a refresh: the chain memoizes, and
 * we only call again when our copy is about to expire.
 */
export interface DefaultChainOptions {
  /** Profile of the shared config/credentials files. @default AWS_PROFILE, else "default" */
  profile?: string;
  /** Shared credentials file. @default AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials */
  filepath?: string;
  /** Shared config file. @default AWS_CONFIG_FILE, else ~/.aws/config */
  configFilepath?: string;
}

export function defaultCredentialChain(options: DefaultChainOptions = {}): CredentialProvider {
  let chain: ChainProvider | undefined;
  let calls = 0;
  return async () => {
    if (chain === undefined) {
      debug('loading @aws-sdk/credential-provider-node (profile %s)', options.profile ?? '<default>');
      const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
      const init = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
      chain = defaultProvider(init) as ChainProvider;
    }
    calls += 1;
    return chain(calls === 1 ? undefined : { forceRefresh: true });
  };
}
