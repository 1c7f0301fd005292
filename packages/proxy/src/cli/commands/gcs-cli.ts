import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createGcsSigner, createGcsVerifier, type GcsSigner, type GcsUrlStyle, type GcsVerifierOptions } from '@cdn-accel/core';
import { loadHmacKey, loadServiceAccountKey, parseCliTime } from '@cdn-accel/core/internal';
import { CliUsageError, type CliIo } from '../command.js';
import { durationFlag } from '../duration-flag.js';
import { parseFlags } from '../flags.js';
import { asFlagError, onePositional, type ProviderSubcommand } from '../provider-subcommand.js';
import { readSecretFlag } from '../secret-flag.js';

const MAX_DURATION = 604_800;
const HMAC_SECRET = { file: 'hmac-secret-file', env: 'hmac-secret-env', defaultEnv: 'GCS_HMAC_SECRET' } as const;
const RENAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^serviceAccountKey(?:\.\w+)?:/, '--private-key-file:'],
  [/^hmacKey\.accessId:/, '--hmac-access-id:'],
  [/^hmacKey\.secret:/, '--hmac-secret-env / --hmac-secret-file:'],
  [/^bucketBoundHostname:/, '--bucket-bound-hostname:'],
  [/^urlStyle:/, '--url-style:'],
  [/^bucket:/, 'gs://BUCKET:'],
  [/^endpoint:/, '--endpoint:'],
  [/^method /, '--http-verb: method '],
];

const keyOptions = {
  'private-key-file': { type: 'string' }, 'hmac-access-id': { type: 'string' }, 'hmac-secret-env': { type: 'string' }, 'hmac-secret-file': { type: 'string' },
} as const;

type KeyValues = { [K in keyof typeof keyOptions]?: string };

/** The service-account key file, read here so that a missing file names the flag. */
function serviceAccountFile(file: string, io: CliIo): string {
  try {
    return readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (cause) {
    throw new CliUsageError(`--private-key-file: cannot read ${JSON.stringify(file)} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Exactly one of --private-key-file and --hmac-access-id. */
function keyChoice(values: KeyValues): 'rsa' | 'hmac' {
  const rsa = values['private-key-file'] !== undefined;
  const hmac = values['hmac-access-id'] !== undefined;
  if (rsa === hmac) throw new CliUsageError(rsa ? 'give --private-key-file or --hmac-access-id, not both' : '--private-key-file (service-account JSON key) or --hmac-access-id (HMAC key) is required');
  return rsa ? 'rsa' : 'hmac';
}

/** `gs://bucket/object` → its parts; the object name is taken as written (not percent-decoded), as gcloud does. */
function gsAddress(text: string): { bucket: string; key: string } {
  const match = /^gs:\/\/([^/]+)\/(.+)$/.exec(text);
  if (match === null) throw new CliUsageError(`"${text}" is not gs://BUCKET/OBJECT`);
  return { bucket: match[1] as string, key: match[2] as string };
}

/** `--query-params a=1,b=2` (gcloud's KEY=VALUE list). */
function queryParams(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const query: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const equals = pair.indexOf('=');
    if (equals < 1) throw new CliUsageError(`--query-params: "${pair}" is not KEY=VALUE`);
    query[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return query;
}

const signUsage = `Usage: cdn-accel sign gcs gs://BUCKET/OBJECT (--private-key-file FILE | --hmac-access-id ID) [options]

Prints a Cloud Storage V4 signed URL, like \`gcloud storage sign-url\`: GOOG4-RSA-SHA256 with a
service-account JSON key, or GOOG4-HMAC-SHA256 with an HMAC key.

Options:
  gs://BUCKET/OBJECT        the object (its name as stored, not percent-encoded) (required)
  --private-key-file FILE   the service account's JSON key file
  --hmac-access-id ID       an HMAC key's access ID (GOOG1E…); its secret from --hmac-secret-env or -file
  --hmac-secret-env VAR     environment variable holding the HMAC secret [default: GCS_HMAC_SECRET]
  --hmac-secret-file FILE   file holding the HMAC secret
  -d, --duration DURATION   lifetime: seconds, or e.g. 10m, 12h, 7d (at most 7 days) [default: 1h]
  -m, --http-verb VERB      the method the URL is for                  [default: GET]
  --query-params K=V,…      further signed parameters, e.g. response-content-disposition=attachment
  --url-style STYLE         path or virtual-hosted                     [default: path]
  --bucket-bound-hostname URL  the host that serves the bucket, e.g. https://media.example.com
  --endpoint URL            another origin for the XML API, e.g. an emulator's http://127.0.0.1:4443
  -h, --help                show this help
`;

export const signGcs: ProviderSubcommand = {
  provider: 'gcs',
  usage: signUsage,
  async run(args, io) {
    const { values, positionals } = parseFlags({
      args, strict: true, allowPositionals: true,
      options: {
        ...keyOptions, duration: { type: 'string', short: 'd' }, 'http-verb': { type: 'string', short: 'm', default: 'GET' }, 'query-params': { type: 'string' },
        'url-style': { type: 'string' }, 'bucket-bound-hostname': { type: 'string' }, endpoint: { type: 'string' },
      },
    });
    const { bucket, key } = gsAddress(onePositional(positionals, 'gs://BUCKET/OBJECT'));
    const expiresIn = durationFlag('duration', values.duration, MAX_DURATION) ?? 3600;
    const query = queryParams(values['query-params']);
    const choice = keyChoice(values);
    let url: string;
    try {
      const address = {
        bucket, now: io.now,
        ...(values['url-style'] === undefined ? {} : { urlStyle: values['url-style'] as GcsUrlStyle }),
        ...(values['bucket-bound-hostname'] === undefined ? {} : { bucketBoundHostname: values['bucket-bound-hostname'] }),
        ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
      };
      const signer: GcsSigner = choice === 'rsa'
        ? createGcsSigner({ ...address, serviceAccountKey: serviceAccountFile(values['private-key-file'] as string, io) })
        : createGcsSigner({ ...address, hmacKey: { accessId: values['hmac-access-id'] as string, secret: readSecretFlag(values, HMAC_SECRET, io) } });
      url = signer.signRequest({ method: values['http-verb'].toUpperCase(), key, expiresIn, ...(query === undefined ? {} : { query }) }).url;
    } catch (error) {
      throw asFlagError(error, RENAMES);
    }
    io.stdout(`${url}\n`);
    return 0;
  },
};

const verifyUsage = `Usage: cdn-accel verify gcs URL (--private-key-file FILE | --hmac-access-id ID) [options]

Checks a Cloud Storage V4 signed URL the way Cloud Storage does (the canonical request rebuilt from
what arrives, the credential, X-Goog-Date and X-Goog-Expires). Prints "valid" and exits 0, or prints
the reason with Cloud Storage's XML error code and status (bad-signature SignatureDoesNotMatch 403,
expired ExpiredToken 400, …) and exits 1.

Options:
  URL                       the signed URL (required)
  --private-key-file FILE   the service account's JSON key file (its public half checks)
  --hmac-access-id ID       an HMAC key's access ID; its secret from --hmac-secret-env or -file
  --hmac-secret-env VAR     environment variable holding the HMAC secret [default: GCS_HMAC_SECRET]
  --hmac-secret-file FILE   file holding the HMAC secret
  -m, --http-verb VERB      the request's method                       [default: GET]
  --bucket BUCKET           the bucket, for a bucket-bound hostname (otherwise read from the URL)
  --now T                   verify at this time (epoch seconds or ISO-8601) [default: now]
  -h, --help                show this help
`;

export const verifyGcs: ProviderSubcommand = {
  provider: 'gcs',
  usage: verifyUsage,
  async run(args, io) {
    const { values, positionals } = parseFlags({
      args, strict: true, allowPositionals: true,
      options: { ...keyOptions, 'http-verb': { type: 'string', short: 'm', default: 'GET' }, bucket: { type: 'string' }, now: { type: 'string' } },
    });
    const given = onePositional(positionals, 'the URL to check');
    let url: URL;
    try {
      url = new URL(given);
    } catch {
      throw new CliUsageError(`"${given}" is not an absolute URL`);
    }
    const choice = keyChoice(values);
    let verdict;
    try {
      const nowMs = values.now === undefined ? io.now() : parseCliTime(values.now, '--now').getTime();
      const options: GcsVerifierOptions = { now: () => nowMs, ...(values.bucket === undefined ? {} : { bucket: values.bucket }) };
      if (choice === 'rsa') {
        const account = loadServiceAccountKey(serviceAccountFile(values['private-key-file'] as string, io));
        options.serviceAccounts = { [account.clientEmail]: account.publicKey };
      } else {
        const hmac = loadHmacKey({ accessId: values['hmac-access-id'], secret: readSecretFlag(values, HMAC_SECRET, io) });
        options.hmacKeys = { [hmac.accessId]: hmac.secret };
      }
      // The target as sent (the path as written, not normalised by URL) and the Host header.
      const slash = given.indexOf('/', given.indexOf('//') + 2);
      const target = slash === -1 ? '/' : given.slice(slash);
      verdict = createGcsVerifier(options).verify({ method: values['http-verb'].toUpperCase(), url: target, host: url.host });
    } catch (error) {
      throw asFlagError(error, RENAMES);
    }
    io.stdout(verdict.ok ? 'valid\n' : `${verdict.reason} (${verdict.code} ${verdict.status}): ${verdict.message}\n`);
    return verdict.ok ? 0 : 1;
  },
};
