import * as path from 'node:path';
import type { createDevCdn, DevCdnOptions, RunningDevCdn } from '@cdn-accel/dev-cdn';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { parseFlags } from '../flags.js';
import { devCdnProvider, devCdnProviderFlags, otherProviderOptions } from './dev-cdn-providers.js';

const devCdnPackage = '@cdn-accel/dev-cdn';

const usage = `Usage: cdn-accel dev-cdn --root DIR (--public-key FILE --key-pair-id ID | --s3-access-key-id ID) [options]
       cdn-accel dev-cdn --root DIR --provider google-cdn|gcs|bunny|secure-link <its keys> [options]

A local stand-in for a CDN in front of private files. FOR DEVELOPMENT ONLY.
Serves the files under DIR to requests carrying a valid CloudFront signed URL, CloudFront
signed cookies, or an S3 presigned URL (path style: /<bucket>/<key> is DIR/<bucket>/<key>);
with --provider, to requests the other provider would accept, refusing the others with its
own status and error body.

Options:
  --root DIR                folder to serve (required)
  --provider NAME           cloudfront (with S3), google-cdn, gcs, bunny or secure-link [default: cloudfront]
  --listen HOST:PORT        address to listen on                     [default: 127.0.0.1:9000]
  --cors-origin ORIGIN      let pages of ORIGIN fetch with credentials (repeatable)
  -h, --help                show this help

cloudfront:
  --public-key FILE         CloudFront public key PEM; repeat with --key-pair-id for a key group
  --key-pair-id ID          id of the public key at the same position (e.g. K2JCJMDEHXQW5F)
  --s3-access-key-id ID     accept S3 presigned URLs signed with this access key id
  --s3-secret-env VAR       environment variable holding its secret  [default: AWS_SECRET_ACCESS_KEY]
google-cdn (signed URLs, URL prefixes, Cloud-CDN-Cookie; refusals are 403):
  --key-name NAME           a key's name; repeat with --key-file for every key of the backend
  --key-file FILE           the base64url key of the --key-name at the same position
gcs (V4 signed URLs, path style /<bucket>/<name>; refusals in Cloud Storage's XML):
  --private-key-file FILE   a service account's JSON key file (its public half checks)
  --hmac-access-id ID       an HMAC key; its secret from --hmac-secret-env [GCS_HMAC_SECRET] or --hmac-secret-file
bunny (HS256 tokens in the query or the path; refusals are 403):
  --security-key-env VAR    the pull zone's token key                [default: BUNNY_SECURITY_KEY]
  --security-key-file FILE  or a file holding it
  --country CC              the country every viewer is in, for token_countries
secure-link (Nginx's secure_link; 403 and 410 with Nginx's pages; $remote_addr is the peer):
  --secure-link-md5 EXPR    the secure_link_md5 expression, with $secret (required)
  --secret-env VAR          the secret                               [default: SECURE_LINK_SECRET]
  --secret-file FILE        or a file holding it
  --secure-link EXPR        the secure_link expression              [default: $arg_md5,$arg_expires]
`;

function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (match === null || port > 65535) throw new CliUsageError(`--listen "${value}" is not HOST:PORT (e.g. 127.0.0.1:9000)`);
  return { host: match[1] ?? match[2] ?? '127.0.0.1', port };
}

function publicKeysFrom(files: string[], ids: string[], cwd: string): Record<string, { file: string }> {
  if (files.length !== ids.length) throw new CliUsageError(`${files.length} --public-key but ${ids.length} --key-pair-id: give one id per key, in the same order`);
  return Object.fromEntries(ids.map((id, index) => [id, { file: path.resolve(cwd, files[index]!) }]));
}

function s3SecretsFrom(accessKeyId: string | undefined, secretEnv: string, env: NodeJS.ProcessEnv): Record<string, string> {
  if (accessKeyId === undefined) return {};
  const secret = env[secretEnv];
  if (secret === undefined || secret === '') throw new CliUsageError(`--s3-access-key-id needs the secret in $${secretEnv} (set it, or name another variable with --s3-secret-env)`);
  return { [accessKeyId]: secret };
}

/**
 * The emulator is a package of its own, an optional peer dependency, so that its dependencies never reach a
 * production install of the proxy. Only its own absence reads as "not installed": a package it cannot load is an
 * error of its own.
 */
async function loadCreateDevCdn(): Promise<typeof createDevCdn | undefined> {
  try {
    return (await import('@cdn-accel/dev-cdn')).createDevCdn;
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'ERR_MODULE_NOT_FOUND' && message?.includes(`'${devCdnPackage}'`)) return undefined;
    throw error;
  }
}

/** Parses the arguments and starts the emulator; `run` then waits for Ctrl-C. Exported for in-process tests. */
export async function startDevCdnFromArgs(args: string[], io: CliIo, create: typeof createDevCdn): Promise<RunningDevCdn> {
  const { values } = parseFlags({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      ...devCdnProviderFlags,
      root: { type: 'string' },
      provider: { type: 'string', default: 'cloudfront' },
      listen: { type: 'string', default: '127.0.0.1:9000' },
      'cors-origin': { type: 'string', multiple: true, default: [] },
    },
  });
  if (values.root === undefined) throw new CliUsageError('--root is required');
  const provider = devCdnProvider(values.provider, values);
  let keys: Partial<DevCdnOptions>;
  if (provider === 'cloudfront') {
    const publicKeys = publicKeysFrom(values['public-key'], values['key-pair-id'], io.cwd);
    const s3Secrets = s3SecretsFrom(values['s3-access-key-id'], values['s3-secret-env'] ?? 'AWS_SECRET_ACCESS_KEY', io.env);
    if (Object.keys(publicKeys).length === 0 && Object.keys(s3Secrets).length === 0) {
      throw new CliUsageError('give at least one --public-key/--key-pair-id pair or --s3-access-key-id (or --provider with its keys), or every request would be refused');
    }
    keys = { publicKeys, s3Secrets };
  } else {
    keys = otherProviderOptions(provider, values, io);
  }
  const listen = parseListen(values.listen);
  const warn = (text: unknown) => io.stderr(`${String(text)}\n`);
  const cdn = create({
    root: path.resolve(io.cwd, values.root),
    ...keys,
    now: io.now,
    corsOrigins: values['cors-origin'],
    logger: { info: warn, warn, error: warn },
  });
  try {
    return await cdn.listen(listen);
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') throw new CliUsageError(`--listen ${values.listen}: the address is in use; choose another port`);
    throw error;
  }
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const devCdnCommand: CliCommand = {
  name: 'dev-cdn',
  summary: 'Local CDN emulator (CloudFront/S3, google-cdn, gcs, bunny, secure-link) that checks signatures (development only)',
  usage,
  async run(args, io) {
    const create = await loadCreateDevCdn();
    if (create === undefined) {
      io.stderr(`cdn-accel dev-cdn: the local CDN emulator is not installed; it is a package of its own: npm install --save-dev ${devCdnPackage}\n`);
      return 1;
    }
    const cdn = await startDevCdnFromArgs(args, io, create);
    io.stdout(`dev-cdn listening on ${cdn.url} (Ctrl-C to stop)\n`);
    const signal = await untilSignal();
    io.stderr(`dev-cdn: ${signal}, stopping\n`);
    await cdn.close();
    return 0;
  },
};
