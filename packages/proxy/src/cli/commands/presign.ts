import {
  contentDispositionAttachment,
  createS3Presigner,
  defaultCredentialChain,
  type AwsCredentials,
  type CredentialProvider,
  type PresignRequest,
} from '@cdn-accel/core';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { parseFlags, wholeNumberFlag } from '../flags.js';

const usage = `Usage: cdn-accel presign --bucket B --key K --region R [options]

Prints an S3 presigned URL (SigV4, GET or HEAD) for one object.
Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY [/ AWS_SESSION_TOKEN] from the environment,
or --profile NAME (shared config and credentials files, SSO, credential_process…); without either,
the AWS default credential chain.

Options:
  --bucket B                          bucket name (required)
  --key K                             object key, raw (not URL-encoded) (required)
  --region R                          signing region  [default: $AWS_REGION, $AWS_DEFAULT_REGION]
  --endpoint URL                      S3-compatible endpoint (R2, MinIO, B2, Wasabi, Ceph…)
  --path-style                        https://host/bucket/key instead of https://bucket.host/key
  --dualstack                         use the dual-stack (IPv4 + IPv6) AWS endpoint
  --accelerate                        use the Transfer Acceleration endpoint
  --method GET|HEAD                   method the URL is for               [default: GET]
  --expires-in S                      lifetime in seconds, 1…604800       [default: 900]
  --signing-date ISO                  sign as of this instant (e.g. 2026-01-01T00:00:00Z) [default: now]
  --response-content-disposition V   Content-Disposition S3 answers with (signed)
  --filename NAME                     shorthand: attachment; filename*=… built for NAME (RFC 6266)
  --response-content-type V          Content-Type S3 answers with (signed)
  --response-cache-control V         Cache-Control S3 answers with (signed)
  --profile NAME                      AWS profile to take credentials from
  -h, --help                          show this help
`;

const options = {
  bucket: { type: 'string' },
  key: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  'path-style': { type: 'boolean', default: false },
  dualstack: { type: 'boolean', default: false },
  accelerate: { type: 'boolean', default: false },
  method: { type: 'string', default: 'GET' },
  'expires-in': { type: 'string' },
  'signing-date': { type: 'string' },
  'response-content-disposition': { type: 'string' },
  filename: { type: 'string' },
  'response-content-type': { type: 'string' },
  'response-cache-control': { type: 'string' },
  profile: { type: 'string' },
} as const;

function credentialsFrom(profile: string | undefined, env: NodeJS.ProcessEnv): AwsCredentials | CredentialProvider {
  const files = { filepath: env.AWS_SHARED_CREDENTIALS_FILE, configFilepath: env.AWS_CONFIG_FILE };
  if (profile !== undefined) return defaultCredentialChain({ profile, ...files });
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  return defaultCredentialChain({ profile: env.AWS_PROFILE, ...files });
}

function parseExpiresIn(value: string | undefined): number | undefined {
  return wholeNumberFlag('expires-in', value, { unit: 'seconds', min: 1, example: '3600 (at most 604800, 7 days)' });
}

function parseSigningDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) throw new CliUsageError(`--signing-date "${value}" is not an ISO 8601 instant (e.g. 2026-01-01T00:00:00Z)`);
  return date;
}

function responseHeadersFrom(values: { [K in 'response-content-disposition' | 'filename' | 'response-content-type' | 'response-cache-control']?: string }): PresignRequest['responseHeaders'] {
  if (values.filename !== undefined && values['response-content-disposition'] !== undefined) {
    throw new CliUsageError('give --filename or --response-content-disposition, not both');
  }
  const disposition = values.filename === undefined ? values['response-content-disposition'] : contentDispositionAttachment(values.filename);
  const headers = { contentDisposition: disposition, contentType: values['response-content-type'], cacheControl: values['response-cache-control'] };
  const given = Object.entries(headers).filter(([, value]) => value !== undefined);
  return given.length === 0 ? undefined : Object.fromEntries(given);
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags({ args, options, strict: true, allowPositionals: false });
  const { bucket, key } = values;
  const region = values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  if (bucket === undefined || key === undefined) throw new CliUsageError('--bucket and --key are required');
  if (region === undefined) throw new CliUsageError('--region is required (or set AWS_REGION)');
  const method = values.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') throw new CliUsageError(`--method must be GET or HEAD, not "${values.method}"`);
  const presigner = createS3Presigner({
    region,
    credentials: credentialsFrom(values.profile, io.env),
    endpoint: values.endpoint,
    forcePathStyle: values['path-style'],
    useDualstackEndpoint: values.dualstack,
    useAccelerateEndpoint: values.accelerate,
    now: io.now,
  });
  try {
    const url = await presigner.presign({
      bucket,
      key,
      method,
      expiresIn: parseExpiresIn(values['expires-in']),
      signingDate: parseSigningDate(values['signing-date']),
      responseHeaders: responseHeadersFrom(values),
    });
    io.stdout(`${url}\n`);
    return 0;
  } finally {
    presigner.close();
  }
}

export const presignCommand: CliCommand = {
  name: 'presign',
  summary: 'print an S3 presigned URL (SigV4) for one object',
  usage,
  run,
};
