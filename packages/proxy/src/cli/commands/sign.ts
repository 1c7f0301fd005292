import * as path from 'node:path';
import { createCloudFrontSigner, isAccelError, type CloudFrontPolicy, type CloudFrontSigner, type HashAlgorithm } from '@cdn-accel/core';
import { loadPrivateKey, parseCliTime } from '@cdn-accel/core/internal';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { parseFlags } from '../flags.js';
import { subcommandOf } from '../provider-subcommand.js';
import { signBunny } from './bunny-cli.js';
import { signGcs } from './gcs-cli.js';
import { signGoogleCdn } from './google-cdn-cli.js';
import { signSecureLink } from './secure-link-cli.js';

/** Options shared by `sign` and `sign-cookies`, named as in `aws cloudfront sign`. */
export const signingOptions = {
  'key-pair-id': { type: 'string' },
  'private-key': { type: 'string' },
  'date-less-than': { type: 'string' },
  'date-greater-than': { type: 'string' },
  'ip-address': { type: 'string' },
  'hash-algorithm': { type: 'string' },
  'passphrase-env': { type: 'string' },
} as const;

export const signingUsage = `  --key-pair-id ID          CloudFront public key id, e.g. K2JCJMDEHXQW5F (required)
  --private-key FILE        private key PEM (RSA-2048 or ECDSA P-256; file://FILE also works) (required)
  --date-less-than T        expiry: epoch seconds or ISO-8601 (2026-01-01, 2026-01-01T18:00:00Z) (required)
  --date-greater-than T     start time; makes the policy custom
  --ip-address CIDR         IPv4 address or range allowed, e.g. 192.0.2.0/24; makes the policy custom
  --hash-algorithm ALG      SHA1 or SHA256 (ECDSA: SHA256 only)        [default: SHA256]
  --passphrase-env VAR      environment variable holding the passphrase of an encrypted key
  -h, --help                show this help`;

type SigningValues = { [K in keyof typeof signingOptions]?: string };

// Library fields → the CLI options the user typed, so errors say what to fix.
const FIELD_TO_OPTION: ReadonlyArray<[RegExp, string]> = [
  [/^policy\.dateLessThan:|^policy\.expiresIn:/, '--date-less-than:'],
  [/^policy\.dateGreaterThan:/, '--date-greater-than:'],
  [/^policy\.ipAddress:/, '--ip-address:'],
  [/^policy\.resource:/, '--policy-resource:'],
  [/^policy:/, '--date-less-than / --date-greater-than:'],
  [/^url:/, '--url:'],
  [/^resource:/, '--resource:'],
  [/^hashAlgorithm:/, '--hash-algorithm:'],
  [/^keyPairId:/, '--key-pair-id:'],
];

/** Input and configuration mistakes become usage errors (exit 2) named by option; key problems stay errors (exit 1). */
export function asCliError(error: unknown): unknown {
  if (!isAccelError(error) || (error.code !== 'ERR_ACCEL_INVALID_INPUT' && error.code !== 'ERR_ACCEL_CONFIG')) return error;
  const rule = FIELD_TO_OPTION.find(([pattern]) => pattern.test(error.message));
  return new CliUsageError(rule === undefined ? error.message : error.message.replace(rule[0], rule[1]));
}

function required(values: SigningValues, name: keyof SigningValues): string {
  const value = values[name];
  if (value === undefined || value === '') throw new CliUsageError(`--${name} is required`);
  return value;
}

function passphraseFrom(values: SigningValues, io: CliIo): string | undefined {
  const variable = values['passphrase-env'];
  if (variable === undefined) return undefined;
  const passphrase = io.env[variable];
  if (passphrase === undefined) throw new CliUsageError(`--passphrase-env: $${variable} is not set`);
  return passphrase;
}

/** Builds the signer the CLI way: any RSA size (with a warning), past expiries signed (with a warning). */
export function signerFromArgs(values: SigningValues, io: CliIo): CloudFrontSigner {
  const keyPairId = required(values, 'key-pair-id');
  const keyFile = path.resolve(io.cwd, required(values, 'private-key').replace(/^file:\/\//, ''));
  const passphrase = passphraseFrom(values, io);
  const loaded = loadPrivateKey({ file: keyFile }, passphrase === undefined ? { allowAnyRsaKeySize: true } : { allowAnyRsaKeySize: true, passphrase }, '--private-key');
  if (loaded.type === 'rsa' && loaded.bits !== 2048) io.stderr(`warning: RSA-${loaded.bits} key: CloudFront key groups only accept RSA-2048 public keys\n`);
  const hash = values['hash-algorithm']?.toUpperCase();
  if (hash !== undefined && hash !== 'SHA1' && hash !== 'SHA256') throw new CliUsageError(`--hash-algorithm: "${values['hash-algorithm']}" is not SHA1 or SHA256`);
  return createCloudFrontSigner({
    keyPairId, privateKey: loaded.key, allowAnyRsaKeySize: true, allowPastExpiry: true, now: io.now,
    ...(hash === undefined ? {} : { hashAlgorithm: hash as HashAlgorithm }),
  });
}

/** Reads the time options into a policy; warns (as `aws cloudfront sign` does not) when the expiry is past. */
export function policyFromArgs(values: SigningValues, io: CliIo): CloudFrontPolicy {
  const dateLessThan = parseCliTime(required(values, 'date-less-than'), '--date-less-than');
  if (dateLessThan.getTime() <= io.now()) io.stderr(`warning: --date-less-than ${dateLessThan.toISOString()} is already past; CloudFront will refuse this signature\n`);
  const policy: CloudFrontPolicy = { dateLessThan };
  if (values['date-greater-than'] !== undefined) policy.dateGreaterThan = parseCliTime(values['date-greater-than'], '--date-greater-than');
  if (values['ip-address'] !== undefined) policy.ipAddress = values['ip-address'];
  return policy;
}

/** The other providers' forms: `cdn-accel sign google-cdn|gcs|bunny|secure-link …`. */
const providers = [signGoogleCdn, signGcs, signBunny, signSecureLink];

const usage = `Usage: cdn-accel sign --url URL --key-pair-id ID --private-key FILE --date-less-than T [options]
       cdn-accel sign google-cdn|gcs|bunny|secure-link … (run with --help for each provider's options)

Prints a CloudFront signed URL, like \`aws cloudfront sign\`. A canned policy is used when only
--date-less-than applies; --date-greater-than, --ip-address or --policy-resource make it custom.
With a provider first, prints that provider's signed URL: a Google Cloud CDN URL (like \`gcloud compute
sign-url\`), a Cloud Storage V4 URL (like \`gcloud storage sign-url\`), a bunny.net token URL or an
Nginx secure_link link.

Options:
  --url URL                 the URL to sign: absolute http(s), already percent-encoded, no fragment (required)
  --policy-resource R       wildcard resource to sign instead, e.g. https://d.example/videos/42/*
${signingUsage}
`;

export const signCommand: CliCommand = {
  name: 'sign',
  summary: 'print a signed URL: CloudFront (like aws cloudfront sign), google-cdn, gcs, bunny or secure-link',
  usage,
  usageFor: (args) => subcommandOf(args, providers)?.usage ?? usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const provider = subcommandOf(args, providers);
    if (provider !== undefined) return provider.run(args.slice(1), io);
    const { values } = parseFlags({ args, strict: true, allowPositionals: false, options: { ...signingOptions, url: { type: 'string' }, 'policy-resource': { type: 'string' } } });
    if (values.url === undefined) throw new CliUsageError('--url is required');
    let signed: string;
    try {
      const policy = policyFromArgs(values, io);
      if (values['policy-resource'] !== undefined) policy.resource = values['policy-resource'];
      signed = signerFromArgs(values, io).signUrl(values.url, policy);
    } catch (error) {
      throw asCliError(error);
    }
    io.stdout(`${signed}\n`);
    return 0;
  },
};

