import * as path from 'node:path';
import { verifyCloudFrontCookies, verifyCloudFrontUrl, type VerifyResult } from '@cdn-accel/core';
import { loadPublicKey, parseCliTime } from '@cdn-accel/core/internal';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { parseFlags } from '../flags.js';
import { subcommandOf } from '../provider-subcommand.js';
import { verifyBunny } from './bunny-cli.js';
import { verifyGcs } from './gcs-cli.js';
import { verifyGoogleCdn } from './google-cdn-cli.js';
import { verifySecureLink } from './secure-link-cli.js';
import { asCliError } from './sign.js';

/** The other providers' forms: `cdn-accel verify google-cdn|gcs|bunny|secure-link …`. */
const providers = [verifyGoogleCdn, verifyGcs, verifyBunny, verifySecureLink];

const usage = `Usage: cdn-accel verify --url URL --public-key FILE [options]
       cdn-accel verify google-cdn|gcs|bunny|secure-link URL … (run with --help for each provider's options)

Checks a CloudFront signed URL (or signed cookies) the way CloudFront does. Prints "valid" and
exits 0, or prints the reason (expired, not-yet-valid, ip-mismatch, resource-mismatch,
bad-signature, unknown-key, malformed-policy, missing-parameters, …) and exits 1.

Options:
  --url URL                 the signed URL (or, with --cookies, the URL requested) (required)
  --public-key FILE         public key PEM uploaded to CloudFront (required)
  --key-pair-id ID          id of that key [default: the Key-Pair-Id the URL or cookies carry]
  --cookies JSON            verify signed cookies instead: the JSON printed by sign-cookies
  --ip-address IP           the viewer's IPv4 address, checked against the policy's IpAddress
  --now T                   verify at this time (epoch seconds or ISO-8601) [default: now]
  -h, --help                show this help
`;

function cookiesFrom(json: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new CliUsageError('--cookies: not JSON; pass the object printed by `cdn-accel sign-cookies`');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliUsageError('--cookies: expected a JSON object of cookie name → value');
  return Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name, String(value)]));
}

function carriedKeyId(url: string, cookies: Record<string, string> | undefined): string | undefined {
  if (cookies !== undefined) return cookies['CloudFront-Key-Pair-Id'];
  const match = /[?&]Key-Pair-Id=([^&#]*)/.exec(url);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'check a signed URL or cookies: CloudFront, google-cdn, gcs, bunny or secure-link',
  usage,
  usageFor: (args) => subcommandOf(args, providers)?.usage ?? usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const provider = subcommandOf(args, providers);
    if (provider !== undefined) return provider.run(args.slice(1), io);
    const { values } = parseFlags({
      args, strict: true, allowPositionals: false,
      options: { url: { type: 'string' }, 'public-key': { type: 'string' }, 'key-pair-id': { type: 'string' }, cookies: { type: 'string' }, 'ip-address': { type: 'string' }, now: { type: 'string' } },
    });
    if (values.url === undefined) throw new CliUsageError('--url is required');
    if (values['public-key'] === undefined) throw new CliUsageError('--public-key is required');
    const cookies = values.cookies === undefined ? undefined : cookiesFrom(values.cookies);
    const publicKey = loadPublicKey({ file: path.resolve(io.cwd, values['public-key'].replace(/^file:\/\//, '')) }, '--public-key').key;
    const keyPairId = values['key-pair-id'] ?? carriedKeyId(values.url, cookies) ?? '';
    let nowMs: number;
    try {
      nowMs = values.now === undefined ? io.now() : parseCliTime(values.now, '--now').getTime();
    } catch (error) {
      throw asCliError(error);
    }
    const options = { publicKeys: { [keyPairId]: publicKey }, now: () => nowMs, ...(values['ip-address'] === undefined ? {} : { clientIp: values['ip-address'] }) };
    const verdict: VerifyResult = cookies === undefined ? verifyCloudFrontUrl(values.url, options) : verifyCloudFrontCookies(values.url, cookies, options);
    if (verdict.ok) {
      io.stdout('valid\n');
      return 0;
    }
    io.stdout(`${verdict.reason}: ${verdict.message}\n`);
    return 1;
  },
};
