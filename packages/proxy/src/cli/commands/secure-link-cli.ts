import { createSecureLinkSigner, createSecureLinkVerifier, type SecureLinkSignInput } from '@cdn-accel/core';
import { parseCliTime } from '@cdn-accel/core/internal';
import { CliUsageError } from '../command.js';
import { expiryFlags } from '../expiry-flags.js';
import { parseFlags } from '../flags.js';
import { asFlagError, onePositional, type ProviderSubcommand } from '../provider-subcommand.js';
import { readSecretFlag } from '../secret-flag.js';

const SECRET = { file: 'secret-file', env: 'secret-env', defaultEnv: 'SECURE_LINK_SECRET' } as const;
const RENAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^secureLinkMd5:/, '--secure-link-md5:'],
  [/^secureLink:/, '--secure-link:'],
  [/^secret:/, '--secret-env / --secret-file:'],
  [/^baseUrl:/, 'URL:'],
];
const linkOptions = { 'secure-link-md5': { type: 'string' }, 'secure-link': { type: 'string' }, 'secret-env': { type: 'string' }, 'secret-file': { type: 'string' } } as const;

/** The URL as base URL (its origin) and raw key (its path, decoded once). */
function splitUrl(text: string): { baseUrl: string; key: string; query: string } {
  let url: URL;
  let key: string;
  try {
    url = new URL(text);
    key = decodeURIComponent(url.pathname.slice(1));
  } catch {
    throw new CliUsageError(`"${text}" is not an absolute URL with a valid percent-encoded path`);
  }
  return { baseUrl: `${url.origin}/`, key, query: url.search.slice(1) };
}

function expression(value: string | undefined): string {
  if (value === undefined) throw new CliUsageError("--secure-link-md5 is required: the location's secure_link_md5 expression, with $secret for the secret");
  return value;
}

const signUsage = `Usage: cdn-accel sign secure-link URL --secure-link-md5 EXPR --expires-in DURATION [options]

Prints a link for an Nginx location with \`secure_link $arg_md5,$arg_expires;\` and
\`secure_link_md5 "<expression>";\`: the URL with md5=<hash>&expires=<epoch seconds> appended.

Options:
  URL                       the file's URL on the Nginx server, e.g. https://files.example.com/p/a.pdf (required)
  --secure-link-md5 EXPR    the location's secure_link_md5 expression with $secret where Nginx has the
                            secret, e.g. '$secure_link_expires$uri$remote_addr $secret' (required)
  --secret-env VAR          environment variable holding the secret     [default: SECURE_LINK_SECRET]
  --secret-file FILE        file holding the secret
  --secure-link EXPR        the location's secure_link expression       [default: $arg_md5,$arg_expires]
  --remote-addr IP          the client's IPv4 address (required when the expression has $remote_addr)
  --expires-in DURATION     lifetime: seconds, or e.g. 10m, 12h, 1d, 1h30m (or --expires)
  --expires T               expiry: epoch seconds or ISO-8601
  -h, --help                show this help
`;

export const signSecureLink: ProviderSubcommand = {
  provider: 'secure-link',
  usage: signUsage,
  async run(args, io) {
    const { values, positionals } = parseFlags({
      args, strict: true, allowPositionals: true,
      options: { ...linkOptions, 'remote-addr': { type: 'string' }, 'expires-in': { type: 'string' }, expires: { type: 'string' } },
    });
    const { baseUrl, key, query } = splitUrl(onePositional(positionals, 'the URL to sign'));
    const secureLinkMd5 = expression(values['secure-link-md5']);
    let link: string;
    try {
      const signer = createSecureLinkSigner({
        baseUrl, secureLinkMd5, secret: readSecretFlag(values, SECRET, io),
        ...(values['secure-link'] === undefined ? {} : { secureLink: values['secure-link'] }),
      });
      if (signer.needsClientIp && values['remote-addr'] === undefined) throw new CliUsageError('--remote-addr is required: the expression has $remote_addr');
      const input: SecureLinkSignInput = { key, query, expiresAt: expiryFlags(values, io) };
      if (values['remote-addr'] !== undefined) input.clientIp = values['remote-addr'];
      link = signer.signUrl(input);
    } catch (error) {
      throw asFlagError(error, [...RENAMES, [/^Forbidden \(this download is bound to an IPv4 address; connect over IPv4\)/, '--remote-addr: $remote_addr is an IPv4 address here (Nginx prints IPv6 in its own form)']]);
    }
    io.stdout(`${link}\n`);
    return 0;
  },
};

const verifyUsage = `Usage: cdn-accel verify secure-link URL --secure-link-md5 EXPR [options]

Decides what Nginx's secure_link module decides for a request: prints "valid" and exits 0, or prints
the reason with the status the location answers (bad-signature 403, expired 410, malformed 403/400)
and exits 1.

Options:
  URL                       the link (required)
  --secure-link-md5 EXPR    the location's secure_link_md5 expression, with $secret (required)
  --secret-env VAR          environment variable holding the secret     [default: SECURE_LINK_SECRET]
  --secret-file FILE        file holding the secret
  --secure-link EXPR        the location's secure_link expression       [default: $arg_md5,$arg_expires]
  --remote-addr IP          the client's address ($remote_addr)
  --now T                   verify at this time (epoch seconds or ISO-8601) [default: now]
  -h, --help                show this help
`;

export const verifySecureLink: ProviderSubcommand = {
  provider: 'secure-link',
  usage: verifyUsage,
  async run(args, io) {
    const { values, positionals } = parseFlags({ args, strict: true, allowPositionals: true, options: { ...linkOptions, 'remote-addr': { type: 'string' }, now: { type: 'string' } } });
    const url = onePositional(positionals, 'the URL to check');
    const secureLinkMd5 = expression(values['secure-link-md5']);
    let verdict;
    try {
      const nowMs = values.now === undefined ? io.now() : parseCliTime(values.now, '--now').getTime();
      const verifier = createSecureLinkVerifier({
        secureLinkMd5, secret: readSecretFlag(values, SECRET, io), ...(values['secure-link'] === undefined ? {} : { secureLink: values['secure-link'] }),
      });
      verdict = verifier.verify(url, { now: () => nowMs, ...(values['remote-addr'] === undefined ? {} : { remoteAddr: values['remote-addr'] }) });
    } catch (error) {
      throw asFlagError(error, RENAMES);
    }
    io.stdout(verdict.ok ? 'valid\n' : `${verdict.reason} (${verdict.status}): ${verdict.message}\n`);
    return verdict.ok ? 0 : 1;
  },
};
