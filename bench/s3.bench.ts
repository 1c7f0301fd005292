import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createS3Presigner } from '@cdn-accel/core';
import { printTable, ratio } from './lib/table.js';

// S3 presigned GET URLs per second: ours against @aws-sdk/s3-request-presigner (configured with
// WHEN_REQUIRED checksums so it adds no extra parameters), aws4, and @smithy/signature-v4 (the
// official standalone signer, with the Node crypto hash the SDK uses in Node). Same keys, same
// credentials, one process. Each contender runs BENCH_S3_ROUNDS rounds of BENCH_S3_MS ms after a
// warm-up; the best round counts. Defaults keep the whole section near 30 s.
const ROUND_MS = Number(process.env.BENCH_S3_MS ?? 1500);
const ROUNDS = Number(process.env.BENCH_S3_ROUNDS ?? 3);
const WARMUP_MS = 500;

// Dev dependencies of @cdn-accel/core, resolved from there (the repository root does not depend on them).
const fromCore = createRequire(new URL('../packages/core/package.json', import.meta.url));
const load = async <T>(specifier: string, from = fromCore): Promise<T> => (await import(pathToFileURL(from.resolve(specifier)).href)) as T;

const region = 'eu-west-1';
const bucket = 'cdn-accel-bench';
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const keys = Array.from({ length: 1024 }, (_, index) => `media/${index % 7 === 0 ? 'Révisions 2024' : 'reports'}/file-${index}+v2.pdf`);
const host = `${bucket}.s3.${region}.amazonaws.com`;

/** The Checksum shape @smithy/signature-v4 takes, on Node's crypto (what @smithy/hash-node does). */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

type Presign = (key: string) => string | Promise<string>;

async function measure(presign: Presign): Promise<number> {
  let index = 0;
  const runFor = async (ms: number): Promise<number> => {
    const end = performance.now() + ms;
    let count = 0;
    while (performance.now() < end) {
      for (let batch = 0; batch < 64; batch += 1) {
        const url = presign(keys[index++ & 1023] as string);
        if (typeof url !== 'string') await url;
      }
      count += 64;
    }
    return count / (ms / 1000);
  };
  await runFor(WARMUP_MS);
  let best = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    (globalThis as { gc?: () => void }).gc?.();
    best = Math.max(best, await runFor(ROUND_MS));
  }
  return best;
}

async function contenders(): Promise<Array<[string, Presign]>> {
  const ours = createS3Presigner({ region, credentials });
  // Typed by hand: these packages resolve from packages/core, not from the repository root.
  const { S3Client, GetObjectCommand } = await load<{ S3Client: new (config: object) => object; GetObjectCommand: new (input: object) => object }>('@aws-sdk/client-s3');
  const { getSignedUrl } = await load<{ getSignedUrl: (client: object, command: object, options: object) => Promise<string> }>('@aws-sdk/s3-request-presigner');
  const client = new S3Client({ region, credentials, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  const aws4 = (await load<{ default: { sign: (request: object, credentials: object) => { path?: string } } }>('aws4')).default;
  type SignedRequest = { path: string; query: Record<string, string> };
  const { SignatureV4 } = await load<{ SignatureV4: new (options: object) => { presign: (request: object, options: object) => Promise<SignedRequest> } }>('@smithy/signature-v4');
  const smithy = new SignatureV4({ service: 's3', region, credentials, sha256: NodeSha256, uriEscapePath: false, applyChecksum: false });
  const encode = (key: string) => key.split('/').map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
  return [
    ['cdn-accel presignSync', (key) => ours.presignSync({ bucket, key })],
    ['cdn-accel presign (async)', (key) => ours.presign({ bucket, key })],
    ['@smithy/signature-v4 presign', async (key) => {
      const signed = await smithy.presign(
        { method: 'GET', protocol: 'https:', hostname: host, path: `/${encode(key)}`, headers: { host }, query: {} },
        { expiresIn: 900, unsignableHeaders: new Set(['x-amz-content-sha256']) },
      );
      const query = Object.entries(signed.query).map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
      return `https://${host}${signed.path}?${query}`;
    }],
    ['aws4', (key) => {
      const signed = aws4.sign({ host, path: `/${encode(key)}?X-Amz-Expires=900`, service: 's3', region, signQuery: true }, credentials);
      return `https://${host}${signed.path ?? ''}`;
    }],
    ['@aws-sdk/s3-request-presigner', (key) => getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 900 })],
  ];
}

const rows: Array<[string, number]> = [];
for (const [name, presign] of await contenders()) rows.push([name, await measure(presign)]);
const rate = (name: string) => rows.find(([candidate]) => candidate === name)?.[1] ?? Number.NaN;
const sdk = rate('@aws-sdk/s3-request-presigner');
const aws4Rate = rate('aws4');
printTable(
  ['implementation', 'presigns/s', 'vs AWS presigner', 'vs aws4'],
  rows.map(([name, perSecond]) => [name, perSecond, ratio(perSecond, sdk), ratio(perSecond, aws4Rate)]),
);
const ours = rate('cdn-accel presignSync');
process.stdout.write(`\nTargets: ≥ 20× the AWS presigner (${ratio(ours, sdk)}), ≥ 2× aws4 (${ratio(ours, aws4Rate)}).\n`);
