import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DevCdnOptions } from '@cdn-accel/dev-cdn';
import { loadHmacKey, loadServiceAccountKey } from '@cdn-accel/core/internal';
import { CliUsageError, type CliIo } from '../command.js';
import { readSecretFlag } from '../secret-flag.js';

/** The providers `cdn-accel dev-cdn --provider` plays; `cloudfront` is CloudFront with S3 presigned URLs. */
export const DEV_CDN_PROVIDERS = ['cloudfront', 'google-cdn', 'gcs', 'bunny', 'secure-link'] as const;
export type DevCdnProvider = (typeof DEV_CDN_PROVIDERS)[number];

const many = { type: 'string', multiple: true, default: [] as string[] } as const;

/** The flags of each provider, named as in `cdn-accel sign <provider>`. */
export const devCdnProviderFlags = {
  'public-key': many,
  'key-pair-id': many,
  's3-access-key-id': { type: 'string' },
  's3-secret-env': { type: 'string' },
  'key-name': many,
  'key-file': many,
  'private-key-file': { type: 'string' },
  'hmac-access-id': { type: 'string' },
  'hmac-secret-env': { type: 'string' },
  'hmac-secret-file': { type: 'string' },
  'security-key-env': { type: 'string' },
  'security-key-file': { type: 'string' },
  country: { type: 'string' },
  'secure-link-md5': { type: 'string' },
  'secure-link': { type: 'string' },
  'secret-env': { type: 'string' },
  'secret-file': { type: 'string' },
} as const;

type FlagName = keyof typeof devCdnProviderFlags;
type FlagValues = { [K in FlagName]?: string | string[] };

const OWN_FLAGS: Record<DevCdnProvider, readonly FlagName[]> = {
  cloudfront: ['public-key', 'key-pair-id', 's3-access-key-id', 's3-secret-env'],
  'google-cdn': ['key-name', 'key-file'],
  gcs: ['private-key-file', 'hmac-access-id', 'hmac-secret-env', 'hmac-secret-file'],
  bunny: ['security-key-env', 'security-key-file', 'country'],
  'secure-link': ['secure-link-md5', 'secure-link', 'secret-env', 'secret-file'],
};

function given(value: string | string[] | undefined): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined;
}

/** The provider `--provider` names, refusing the flags of the other providers. */
export function devCdnProvider(name: string, values: FlagValues): DevCdnProvider {
  if (!(DEV_CDN_PROVIDERS as readonly string[]).includes(name)) throw new CliUsageError(`--provider: expected one of ${DEV_CDN_PROVIDERS.join(', ')}, got "${name}"`);
  const provider = name as DevCdnProvider;
  const foreign = (Object.keys(devCdnProviderFlags) as FlagName[]).find((flag) => given(values[flag]) && !OWN_FLAGS[provider].includes(flag));
  if (foreign !== undefined) {
    const owner = DEV_CDN_PROVIDERS.find((candidate) => OWN_FLAGS[candidate].includes(foreign));
    throw new CliUsageError(`--${foreign} belongs to --provider ${owner ?? '?'}, not ${provider}`);
  }
  return provider;
}

/** The emulator options of a provider other than CloudFront, from its flags; secrets from files or the environment. */
export function otherProviderOptions(provider: Exclude<DevCdnProvider, 'cloudfront'>, values: FlagValues, io: CliIo): Partial<DevCdnOptions> {
  if (provider === 'google-cdn') {
    const names = values['key-name'] as string[];
    const files = values['key-file'] as string[];
    if (names.length === 0 || names.length !== files.length) throw new CliUsageError(`give one --key-file per --key-name, in the same order (got ${names.length} and ${files.length})`);
    return { googleCdn: { keys: names.map((keyName, index) => ({ keyName, key: { file: path.resolve(io.cwd, files[index]!) } })) } };
  }
  if (provider === 'gcs') {
    const file = values['private-key-file'] as string | undefined;
    const accessId = values['hmac-access-id'] as string | undefined;
    if (file === undefined && accessId === undefined) throw new CliUsageError('give --private-key-file (service-account JSON key) or --hmac-access-id (HMAC key), or both');
    const gcs: NonNullable<DevCdnOptions['gcs']> = {};
    if (file !== undefined) {
      const account = loadServiceAccountKey(readFileSync(path.resolve(io.cwd, file), 'utf8'), '--private-key-file');
      gcs.serviceAccounts = { [account.clientEmail]: account.publicKey };
    }
    if (accessId !== undefined) {
      const hmac = loadHmacKey({ accessId, secret: readSecretFlag(values, { file: 'hmac-secret-file', env: 'hmac-secret-env', defaultEnv: 'GCS_HMAC_SECRET' }, io) }, '--hmac-access-id');
      gcs.hmacKeys = { [hmac.accessId]: hmac.secret };
    }
    return { gcs };
  }
  if (provider === 'bunny') {
    const securityKey = readSecretFlag(values, { file: 'security-key-file', env: 'security-key-env', defaultEnv: 'BUNNY_SECURITY_KEY' }, io);
    const country = values.country as string | undefined;
    return { bunny: { securityKey, ...(country === undefined ? {} : { country }) } };
  }
  const secureLinkMd5 = values['secure-link-md5'] as string | undefined;
  if (secureLinkMd5 === undefined) throw new CliUsageError("--secure-link-md5 is required: the location's secure_link_md5 expression, with $secret for the secret");
  const secureLink = values['secure-link'] as string | undefined;
  const secret = readSecretFlag(values, { file: 'secret-file', env: 'secret-env', defaultEnv: 'SECURE_LINK_SECRET' }, io);
  return { secureLink: { secureLinkMd5, secret, ...(secureLink === undefined ? {} : { secureLink }) } };
}
