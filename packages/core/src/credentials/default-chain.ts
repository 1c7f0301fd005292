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
export function defaultCredentialChain(options: { profile?: string } = {}): CredentialProvider {
  let chain: ChainProvider | undefined;
  let calls = 0;
  return async () => {
    if (chain === undefined) {
      debug('loading @aws-sdk/credential-provider-node (profile %s)', options.profile ?? '<default>');
      const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
      chain = defaultProvider(options.profile === undefined ? {} : { profile: options.profile }) as ChainProvider;
    }
    calls += 1;
    return chain(calls === 1 ? undefined : { forceRefresh: true });
  };
}
