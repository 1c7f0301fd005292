import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, basename, resolve } from 'node:path';
import { isAccelError } from '@cdn-accel/core';
import { nginxInternalBackendSnippet } from '../../backend/nginx-snippet.js';
import { loadConf } from '../../nginx-conf/load-conf.js';
import { formatReport } from '../../nginx-conf/report.js';
import { translateConf } from '../../nginx-conf/translate.js';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { parseFlags } from '../flags.js';

const DEFAULT_SERVE_LISTEN = '127.0.0.1:8081';

const usage = `Usage: cdn-accel from-nginx <nginx.conf> [options]

Translates an Nginx configuration into a cdn-accel config: each internal location (prefix, = exact, or a
regex with captures) becomes a location: alias/root → "files", proxy_pass to S3 → "s3", to CloudFront →
"cloudfront", to a host named in the path (the app signed the URL) → "signed"; a secure_link location →
"secure-link"; the app's proxy_pass (and its upstream block) → "upstream"; listen → "listen".
Follows include (relative to the main file's folder, globs as Nginx expands them), or reads the output of
\`nginx -T\`. Writes the JSON config to stdout or --out, and a report to stderr: one line per directive,
file:line: translated, approximated (what differs) or not translatable (what to do instead).
Secrets are never copied: the config names environment variables for them. A "signed" location needs
--signed-hosts.

Options:
  --out <file>              Write the config here instead of stdout (written only when the input is valid)
  --upstream-from <loc>     The public location whose proxy_pass is the app, as written after "location"
                            (default: /)
  --signed-hosts <list>     Comma-separated hosts a "signed" location may fetch from: your own buckets'
                            host names (a wildcard over a shared provider domain such as *.s3.amazonaws.com
                            admits every customer's bucket); without it a signed location is left out
  --backend-snippet <file>  Also write the Nginx location blocks that keep Nginx and pass each translated
                            internal location to cdn-accel serve (step 1 of docs/migrating-from-nginx.md)
  --serve-listen <addr>     Where that cdn-accel serve listens (default ${DEFAULT_SERVE_LISTEN})
  -h, --help                This help

The report prints the arguments only of directives that hold paths, addresses, sizes or patterns, and
header values only of harmless headers: a secret in the configuration is not printed (docs/from-nginx.md).

Exit status: 0 translated (see the report for what was approximated or left out); 2 the input could not
be read as Nginx configuration (the message names the file and line), no location could be translated,
or an output could not be written; nothing is written then (--out and --backend-snippet: both or neither).
`;

interface Output {
  path: string;
  text: string;
}

/**
 * Writes every output whole or none of them: each into a new temporary file beside it (created exclusively under a
 * random name, so a planted file or symlink is never written through), and only when all are written, each renamed
 * over its destination. Returns the message of the first failure, with nothing left behind.
 */
function writeAll(outputs: readonly Output[]): string | undefined {
  const written: string[] = [];
  const failure = (output: Output, error: unknown): string => {
    for (const temporary of written) rmSync(temporary, { force: true });
    return `cannot write ${output.path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); nothing written`;
  };
  const temporaries: Array<[Output, string]> = [];
  for (const output of outputs) {
    const temporary = join(dirname(output.path), `.${basename(output.path)}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      if (statSync(output.path, { throwIfNoEntry: false })?.isDirectory() === true) throw Object.assign(new Error('a directory'), { code: 'EISDIR' });
      writeFileSync(temporary, output.text, { flag: 'wx', mode: 0o644 });
      written.push(temporary);
      temporaries.push([output, temporary]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') rmSync(temporary, { force: true });
      return failure(output, error);
    }
  }
  for (const [output, temporary] of temporaries) {
    try {
      renameSync(temporary, output.path);
    } catch (error) {
      return failure(output, error);
    }
  }
  return undefined;
}

function hostList(value: string): string[] {
  const hosts = value.split(',').map((host) => host.trim()).filter((host) => host !== '');
  if (hosts.length === 0) throw new CliUsageError('--signed-hosts: give at least one host, your bucket\'s own, e.g. my-bucket.s3.eu-west-1.amazonaws.com');
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
        'signed-hosts': { type: 'string' },
        'backend-snippet': { type: 'string' },
        'serve-listen': { type: 'string', default: DEFAULT_SERVE_LISTEN },
      },
    });
    if (positionals.length !== 1) throw new CliUsageError(positionals.length === 0 ? 'name the Nginx configuration file' : `one configuration file, got ${positionals.length}`);
    const signedHosts = values['signed-hosts'] === undefined ? undefined : hostList(values['signed-hosts']);
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
    const outputs: Output[] = [];
    if (values['backend-snippet'] !== undefined) outputs.push({ path: resolve(io.cwd, values['backend-snippet']), text: output.snippet ?? '' });
    if (values.out !== undefined) outputs.push({ path: resolve(io.cwd, values.out), text: output.json });
    const failed = writeAll(outputs);
    if (failed !== undefined) {
      io.stderr(`${output.report}cdn-accel from-nginx: ${failed}\n`);
      return 2;
    }
    if (values.out === undefined) io.stdout(output.json);
    io.stderr(output.report);
    return 0;
  },
};
