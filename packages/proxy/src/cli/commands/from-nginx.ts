import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename, resolve } from 'node:path';
import { isAccelError } from '@cdn-accel/core';
import { nginxInternalBackendSnippet } from '../../backend/nginx-snippet.js';
import { loadConf } from '../../nginx-conf/load-conf.js';
import { formatReport } from '../../nginx-conf/report.js';
import { translateConf } from '../../nginx-conf/translate.js';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { parseFlags } from '../flags.js';

const DEFAULT_SIGNED_HOSTS = '*.s3.amazonaws.com';
const DEFAULT_SERVE_LISTEN = '127.0.0.1:8081';

const usage = `Usage: cdn-accel from-nginx <nginx.conf> [options]

Translates an Nginx configuration into a cdn-accel config: each internal location (prefix, = exact, or a
regex with captures) becomes a location: alias/root → "files", proxy_pass to S3 → "s3", to CloudFront →
"cloudfront", to a host named in the path (the app signed the URL) → "signed"; a secure_link location →
"secure-link"; the app's proxy_pass (and its upstream block) → "upstream"; listen → "listen".
Follows include (relative to the main file's folder, globs as Nginx expands them), or reads the output of
\`nginx -T\`. Writes the JSON config to stdout or --out, and a report to stderr: one line per directive,
file:line: translated, approximated (what differs) or not translatable (what to do instead).
Secrets are never copied: the config names environment variables for them.

Options:
  --out <file>              Write the config here instead of stdout (written only when the input is valid)
  --upstream-from <loc>     The public location whose proxy_pass is the app, as written after "location"
                            (default: /)
  --signed-hosts <list>     Comma-separated hosts a "signed" location may fetch from: names or *.suffix
                            (default: ${DEFAULT_SIGNED_HOSTS})
  --backend-snippet <file>  Also write the Nginx location blocks that keep Nginx and pass each translated
                            internal location to cdn-accel serve (step 1 of docs/migrating-from-nginx.md)
  --serve-listen <addr>     Where that cdn-accel serve listens (default ${DEFAULT_SERVE_LISTEN})
  -h, --help                This help

Exit status: 0 translated (see the report for what was approximated or left out); 2 the input could not
be read as Nginx configuration (the message names the file and line), or no location could be translated;
nothing is written then.
`;

/** Writes `text` to `path` whole or not at all: into a temporary file beside it, then renamed over it. */
function writeWhole(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function hostList(value: string): string[] {
  const hosts = value.split(',').map((host) => host.trim()).filter((host) => host !== '');
  if (hosts.length === 0) throw new CliUsageError('--signed-hosts: give at least one host, e.g. bucket.s3.eu-west-1.amazonaws.com,*.s3.amazonaws.com');
  return hosts;
}

export const fromNginxCommand: CliCommand = {
  name: 'from-nginx',
  summary: 'translate an nginx.conf (or nginx -T output) into a cdn-accel config, with a report',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        'upstream-from': { type: 'string' },
        'signed-hosts': { type: 'string', default: DEFAULT_SIGNED_HOSTS },
        'backend-snippet': { type: 'string' },
        'serve-listen': { type: 'string', default: DEFAULT_SERVE_LISTEN },
      },
    });
    if (positionals.length !== 1) throw new CliUsageError(positionals.length === 0 ? 'name the Nginx configuration file' : `one configuration file, got ${positionals.length}`);
    const signedHosts = hostList(values['signed-hosts']);
    let output: { json: string; report: string; snippet?: string };
    try {
      const translation = translateConf(loadConf(positionals[0] as string, io.cwd), { signedHosts, ...(values['upstream-from'] === undefined ? {} : { upstreamFrom: values['upstream-from'] }) });
      if (Object.keys(translation.config.locations as object).length === 0) {
        io.stderr(`${formatReport(translation.report)}cdn-accel from-nginx: no location could be translated (the report above says why); nothing written\n`);
        return 2;
      }
      const snippet = values['backend-snippet'] === undefined ? undefined : translation.prefixes.map((prefix) => nginxInternalBackendSnippet(prefix, values['serve-listen'])).join('\n');
      output = { json: `${JSON.stringify(translation.config, null, 2)}\n`, report: formatReport(translation.report), ...(snippet === undefined ? {} : { snippet }) };
    } catch (error) {
      if (!isAccelError(error)) throw error;
      io.stderr(`cdn-accel from-nginx: ${error.message}\n`);
      return 2;
    }
    if (values['backend-snippet'] !== undefined) writeWhole(resolve(io.cwd, values['backend-snippet']), output.snippet ?? '');
    if (values.out === undefined) io.stdout(output.json);
    else writeWhole(resolve(io.cwd, values.out), output.json);
    io.stderr(output.report);
    return 0;
  },
};
