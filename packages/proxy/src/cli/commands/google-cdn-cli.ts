import * as path from 'node:path';
import { createGoogleCdnSigner, createGoogleCdnVerifier, type GoogleCdnKeyEntry } from '@cdn-accel/core';
import { parseCliTime } from '@cdn-accel/core/internal';
import { CliUsageError, type CliIo } from '../command.js';
import { durationFlag } from '../duration-flag.js';
import { parseFlags } from '../flags.js';
import { asFlagError, onePositional, type ProviderSubcommand } from '../provider-subcommand.js';

// Library fields → the flags the user typed.
const RENAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^keys\[\d+\]\.key:|^key:/, '--key-file:'],
  [/^keys\[\d+\]\.keyName:|^keyName:/, '--key-name:'],
  [/^urlPrefix:|^cookie\.urlPrefix:/, '--url-prefix:'],
  [/^expiry\.expiresIn:|^expiry:/, '--expires-in:'],
  [/^url:/, 'URL:'],
];

function keyFile(file: string, io: CliIo): { file: string } {
  return { file: path.resolve(io.cwd, file) };
}

const signUsage = `Usage: cdn-accel sign google-cdn URL --key-name NAME --key-file FILE --expires-in DURATION [options]

Prints a Google Cloud CDN signed URL, like \`gcloud compute sign-url\`. With --url-prefix, a URL-prefix
signature that is valid for every URL under the prefix; with --cookie, the Set-Cookie line of a
Cloud-CDN-Cookie for the prefix instead (the Cloud CDN way to serve HLS and DASH).

Options:
  URL                       the URL to sign: absolute http(s), lower-case host, already percent-encoded
                            (required, except with --cookie)
  --key-name NAME           the key's name on the backend bucket or service (required)
  --key-file FILE           file holding the 128-bit key as base64url, as for add-signed-url-key (required)
  --expires-in DURATION     lifetime: seconds, or e.g. 10m, 12h, 1d, 1h30m (required)
  --url-prefix PREFIX       sign every URL that starts with PREFIX, e.g. https://media.example.com/videos/42/
  --cookie                  print a Cloud-CDN-Cookie for --url-prefix instead of a URL
  -h, --help                show this help
`;

export const signGoogleCdn: ProviderSubcommand = {
  provider: 'google-cdn',
  usage: signUsage,
  async run(args, io) {
    const { values, positionals } = parseFlags({
      args, strict: true, allowPositionals: true,
      options: { 'key-name': { type: 'string' }, 'key-file': { type: 'string' }, 'expires-in': { type: 'string' }, 'url-prefix': { type: 'string' }, cookie: { type: 'boolean' } },
    });
    if (values['key-name'] === undefined) throw new CliUsageError('--key-name is required');
    if (values['key-file'] === undefined) throw new CliUsageError('--key-file is required');
    const expiresIn = durationFlag('expires-in', values['expires-in']);
    if (expiresIn === undefined) throw new CliUsageError('--expires-in is required');
    const prefix = values['url-prefix'];
    if (values.cookie === true && prefix === undefined) throw new CliUsageError('--cookie needs --url-prefix: the URLs the cookie opens');
    const url = values.cookie === true && positionals.length === 0 ? undefined : onePositional(positionals, 'the URL to sign');
    let printed: string;
    try {
      const signer = createGoogleCdnSigner({ keyName: values['key-name'], key: keyFile(values['key-file'], io), now: io.now });
      if (values.cookie === true) printed = signer.signCookie(prefix as string, { expiresIn }).setCookie;
      else printed = prefix === undefined ? signer.signUrl(url as string, { expiresIn }) : signer.signUrlPrefix(url as string, prefix, { expiresIn });
    } catch (error) {
      throw asFlagError(error, RENAMES);
    }
    io.stdout(`${printed}\n`);
    return 0;
  },
};

const verifyUsage = `Usage: cdn-accel verify google-cdn URL --key-name NAME --key-file FILE [options]

Checks a Google Cloud CDN signed URL, URL-prefix signature or signed cookie the way Cloud CDN does
(GET or HEAD, a known key, the HMAC-SHA1 signature, the URL under the signed prefix, Expires in the
future). Prints "valid" and exits 0, or prints the reason (expired, bad-signature, unknown-key,
out-of-scope, malformed, unsigned, method-not-allowed) and exits 1.

Options:
  URL                       the signed URL (or, with --cookie, the URL requested) (required)
  --key-name NAME           a key's name; repeat with --key-file for every key of the backend (required)
  --key-file FILE           the key of the --key-name at the same position (required)
  --cookie VALUE            the Cloud-CDN-Cookie value (or the whole Cookie header) sent with URL
  --method METHOD           the request's method                    [default: GET]
  --now T                   verify at this time (epoch seconds or ISO-8601) [default: now]
  -h, --help                show this help
`;

export const verifyGoogleCdn: ProviderSubcommand = {
  provider: 'google-cdn',
  usage: verifyUsage,
  async run(args, io) {
    const { values, positionals } = parseFlags({
      args, strict: true, allowPositionals: true,
      options: {
        'key-name': { type: 'string', multiple: true, default: [] }, 'key-file': { type: 'string', multiple: true, default: [] },
        cookie: { type: 'string' }, method: { type: 'string', default: 'GET' }, now: { type: 'string' },
      },
    });
    const url = onePositional(positionals, 'the URL to check');
    const names = values['key-name'];
    const files = values['key-file'];
    if (names.length === 0 || names.length !== files.length) throw new CliUsageError(`give one --key-file per --key-name, in the same order (got ${names.length} and ${files.length})`);
    let verdict;
    try {
      const nowMs = values.now === undefined ? io.now() : parseCliTime(values.now, '--now').getTime();
      const keys: GoogleCdnKeyEntry[] = names.map((keyName, index) => ({ keyName, key: keyFile(files[index]!, io) }));
      const verifier = createGoogleCdnVerifier({ keys, now: () => nowMs });
      const request = { url, method: values.method.toUpperCase(), ...(values.cookie === undefined ? {} : { cookie: values.cookie.includes('Cloud-CDN-Cookie=') ? values.cookie : `Cloud-CDN-Cookie=${values.cookie}` }) };
      verdict = verifier.verify(request);
    } catch (error) {
      throw asFlagError(error, RENAMES);
    }
    io.stdout(verdict.ok ? 'valid\n' : `${verdict.reason}: ${verdict.message}\n`);
    return verdict.ok ? 0 : 1;
  },
};
