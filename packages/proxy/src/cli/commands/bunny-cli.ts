import { createBunnySigner, verifyBunnyUrl, type BunnySignInput, type BunnySignerOptions } from '@cdn-accel/core';
import { parseCliTime } from '@cdn-accel/core/internal';
import { CliUsageError } from '../command.js';
import { expiryFlags } from '../expiry-flags.js';
import { parseFlags, wholeNumberFlag } from '../flags.js';
import { asFlagError, onePositional, type ProviderSubcommand } from '../provider-subcommand.js';
import { readSecretFlag } from '../secret-flag.js';

const SECURITY_KEY = { file: 'security-key-file', env: 'security-key-env', defaultEnv: 'BUNNY_SECURITY_KEY' } as const;
const RENAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^securityKey:/, '--security-key-env / --security-key-file:'],
  [/^baseUrl:|^path:/, 'URL:'],
  [/^tokenPath:/, '--token-path:'],
  [/^countries(?:\[\d+\])?:/, '--countries:'],
  [/^blockedCountries(?:\[\d+\])?:/, '--blocked-countries:'],
  [/^ignoreParams:/, '--ignore-params:'],
  [/^clientIp:/, '--ip:'],
];

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new CliUsageError(`"${text}" is not an absolute URL`);
  }
}

function countries(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((code) => code.trim());
}

const signUsage = `Usage: cdn-accel sign bunny URL --expires-in DURATION [options]

Prints a bunny.net URL with an HS256- token (token authentication of the pull zone): in the query,
or with --directory as the first path segment, which the relative URLs of an HLS or DASH playlist keep.

Options:
  URL                       the URL: https://ZONE.b-cdn.net/path, already percent-encoded; its query is signed
                            (required)
  --security-key-env VAR    environment variable holding the pull zone's URL Token Authentication Key
                                                                  [default: BUNNY_SECURITY_KEY]
  --security-key-file FILE  file holding that key
  --expires-in DURATION     lifetime: seconds, or e.g. 10m, 12h, 1d, 1h30m (or --expires)
  --expires T               expiry: epoch seconds or ISO-8601
  --directory               put the token in the path: /bcdn_token=…/path
  --token-path PATH         sign a path prefix (token_path), e.g. /videos/42/, instead of the exact path
  --folder                  sign the URL's folder (token_path of the path up to its last /)
  --countries CC,CC         allow only these countries (ISO 3166-1 alpha-2)
  --blocked-countries CC,CC refuse these countries
  --limit KBPS              download speed limit in kB/s
  --ip IP                   lock the token to this address (IPv6: its /64)
  --ignore-params           token_ignore_params: the query is not signed
  -h, --help                show this help
`;

export const signBunny: ProviderSubcommand = {
  provider: 'bunny',
  usage: signUsage,
  async run(args, io) {
    const { values, positionals } = parseFlags({
      args, strict: true, allowPositionals: true,
      options: {
        'security-key-env': { type: 'string' }, 'security-key-file': { type: 'string' }, 'expires-in': { type: 'string' }, expires: { type: 'string' },
        directory: { type: 'boolean' }, 'token-path': { type: 'string' }, folder: { type: 'boolean' }, countries: { type: 'string' },
        'blocked-countries': { type: 'string' }, limit: { type: 'string' }, ip: { type: 'string' }, 'ignore-params': { type: 'boolean' },
      },
    });
    const url = parseUrl(onePositional(positionals, 'the URL to sign'));
    if (values.folder === true && values['token-path'] !== undefined) throw new CliUsageError('give --token-path or --folder, not both');
    const limit = wholeNumberFlag('limit', values.limit, { unit: 'kB/s', min: 1, example: '1000' });
    let signed: string;
    try {
      const expiresAt = expiryFlags(values, io);
      const options: BunnySignerOptions = {
        securityKey: readSecretFlag(values, SECURITY_KEY, io),
        baseUrl: `${url.origin}/`,
        tokenIn: values.directory === true ? 'directory' : 'query',
        ...(values.countries === undefined ? {} : { countries: countries(values.countries) }),
        ...(values['blocked-countries'] === undefined ? {} : { blockedCountries: countries(values['blocked-countries']) }),
        ...(limit === undefined ? {} : { limit }),
        ...(values['ignore-params'] === true ? { ignoreParams: true } : {}),
      };
      const input: BunnySignInput = { path: url.pathname.slice(1), query: url.search.slice(1), expiresAt };
      if (values.ip !== undefined) input.clientIp = values.ip;
      const tokenPath = values.folder === true ? 'folder' : values['token-path'];
      if (tokenPath !== undefined) input.tokenPath = tokenPath;
      signed = createBunnySigner(options).signUrl(input);
    } catch (error) {
      throw asFlagError(error, RENAMES);
    }
    io.stdout(`${signed}\n`);
    return 0;
  },
};

const verifyUsage = `Usage: cdn-accel verify bunny URL [options]

Checks a bunny.net HS256- token the way the edge does: the signature over the path (or token_path),
the expiry and the signed parameters, the IP lock, then the country lists. Prints "valid" and exits 0,
or prints the reason (expired, bad-signature, path-mismatch, ip-mismatch, country-refused, malformed,
unsigned-restriction) and exits 1.

Options:
  URL                       the signed URL (required)
  --security-key-env VAR    environment variable holding the key       [default: BUNNY_SECURITY_KEY]
  --security-key-file FILE  file holding the key
  --ip IP                   the viewer's address (needed for HS256-1- tokens)
  --country CC              the viewer's country, for token_countries / token_countries_blocked
  --now T                   verify at this time (epoch seconds or ISO-8601) [default: now]
  -h, --help                show this help
`;

export const verifyBunny: ProviderSubcommand = {
  provider: 'bunny',
  usage: verifyUsage,
  async run(args, io) {
    const { values, positionals } = parseFlags({
      args, strict: true, allowPositionals: true,
      options: { 'security-key-env': { type: 'string' }, 'security-key-file': { type: 'string' }, ip: { type: 'string' }, country: { type: 'string' }, now: { type: 'string' } },
    });
    const url = onePositional(positionals, 'the URL to check');
    let verdict;
    try {
      const nowMs = values.now === undefined ? io.now() : parseCliTime(values.now, '--now').getTime();
      verdict = verifyBunnyUrl(url, {
        securityKey: readSecretFlag(values, SECURITY_KEY, io), now: () => nowMs,
        ...(values.ip === undefined ? {} : { clientIp: values.ip }), ...(values.country === undefined ? {} : { countryCode: values.country }),
      });
    } catch (error) {
      throw asFlagError(error, RENAMES);
    }
    io.stdout(verdict.ok ? 'valid\n' : `${verdict.reason}: ${verdict.message}\n`);
    return verdict.ok ? 0 : 1;
  },
};
