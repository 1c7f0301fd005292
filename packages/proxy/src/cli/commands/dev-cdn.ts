import * as path from 'node:path';
import type { createDevCdn, RunningDevCdn } from '@cdn-accel/dev-cdn';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { parseFlags } from '../flags.js';

const devCdnPackage = '@cdn-accel/dev-cdn';

const usage = `Usage: cdn-accel dev-cdn --root DIR (--public-key FILE --key-pair-id ID | --s3-access-key-id ID) [options]

A local stand-in for CloudFront in front of a private S3 bucket. FOR DEVELOPMENT ONLY.
Serves the files under DIR to requests carrying a valid CloudFront signed URL, CloudFront
signed cookies, or an S3 presigned URL (path style: /<bucket>/<key> is DIR/<bucket>/<key>).

Options:
  --root DIR                folder to serve (required)
  --public-key FILE         CloudFront public key PEM; repeat with --key-pair-id for a key group
  --key-pair-id ID          id of the public key at the same position (e.g. K2JCJMDEHXQW5F)
  --s3-access-key-id ID     accept S3 presigned URLs signed with this access key id
  --s3-secret-env VAR       environment variable holding its secret  [default: AWS_SECRET_ACCESS_KEY]
  --listen HOST:PORT        address to listen on                     [default: 127.0.0.1:9000]
  --cors-origin ORIGIN      let pages of ORIGIN fetch with credentials (repeatable)
  -h, --help                show this help
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
      root: { type: 'string' },
      'public-key': { type: 'string', multiple: true, default: [] },
      'key-pair-id': { type: 'string', multiple: true, default: [] },
      's3-access-key-id': { type: 'string' },
      's3-secret-env': { type: 'string', default: 'AWS_SECRET_ACCESS_KEY' },
      listen: { type: 'string', default: '127.0.0.1:9000' },
      'cors-origin': { type: 'string', multiple: true, default: [] },
    },
  });
  if (values.root === undefined) throw new CliUsageError('--root is required');
  const publicKeys = publicKeysFrom(values['public-key'], values['key-pair-id'], io.cwd);
  const s3Secrets = s3SecretsFrom(values['s3-access-key-id'], values['s3-secret-env'], io.env);
  if (Object.keys(publicKeys).length === 0 && Object.keys(s3Secrets).length === 0) {
    throw new CliUsageError('give at least one --public-key/--key-pair-id pair or --s3-access-key-id, or every request would be refused');
  }
  const listen = parseListen(values.listen);
  const warn = (text: unknown) => io.stderr(`${String(text)}\n`);
  const cdn = create({
    root: path.resolve(io.cwd, values.root),
    publicKeys,
    s3Secrets,
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
  summary: 'Local CloudFront/S3 emulator that checks signed URLs and cookies (development only)',
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
