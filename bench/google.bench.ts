import { createHash, createHmac, createPrivateKey, createSecretKey, hash, randomBytes, sign as cryptoSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createGcsSigner, createGoogleCdnSigner } from '@cdn-accel/core';
import { pairedRatios, spread } from './lib/stats.js';
import { printTable, ratioSpread } from './lib/table.js';

// Google signers against their bare primitive, one process, the same inputs for both: for Cloud CDN, createHmac
// ('sha1') over the finished string the signer signs; for Cloud Storage, the scheme's own crypto over finished
// inputs: SHA-256 of the canonical request, then crypto.sign with the parsed key or createHmac with the day's
// signing key. Each signature is measured against two spellings of its primitive: the plain one (key bytes,
// createHash) and the fastest one Node's API has (a KeyObject key, one-shot crypto.hash). Rates are per second of this
// process's CPU time, which other processes on a shared machine do not inflate; rounds of each pair alternate, and
// the median of the per-round ratios is printed with its range. BENCH_GOOGLE_MS per round, BENCH_GOOGLE_ROUNDS
// rounds. The HMAC signers hash with a key prepared once (prepareHmac, two one-shot hashes), which costs less than
// createHmac: a last row per HMAC signature puts that same HMAC over the finished string, so that what is left
// between it and the signer is the signer's own work (checks, the string and the URL). The internals (the day's
// signing key, prepareHmac) load from the core's build output.
const ROUND_MS = Number(process.env.BENCH_GOOGLE_MS ?? 100);
const ROUNDS = Number(process.env.BENCH_GOOGLE_ROUNDS ?? 21);
const WARMUP_MS = 200;

const dist = new URL('../packages/core/dist/', import.meta.url);
const { deriveGoog4SigningKey } = (await import(new URL('gcs/hmac-key.js', dist).href)) as typeof import('../packages/core/src/gcs/hmac-key.js');
const { prepareHmac } = (await import(new URL('keys/prepared-hmac.js', dist).href)) as typeof import('../packages/core/src/keys/prepared-hmac.js');

type Sign = (index: number) => unknown;
interface Row { signature: string; ours: Sign; primitives: Array<[label: string, sign: Sign]> }

const N = 1024;
const PREPARED = "the signer's own HMAC (prepareHmac)";
const NOW = Date.now();
const EXPIRES = Math.floor(NOW / 1000) + 3600;
const expiry = { dateLessThan: new Date(EXPIRES * 1000) };
const urls = Array.from({ length: N }, (_, index) => `https://media.example.com/videos/${index % 7 === 0 ? 'R%C3%A9visions%202024' : 'reports'}/file-${index}.mp4`);
const prefixes = urls.map((url) => url.slice(0, url.lastIndexOf('/') + 1));

function cloudCdn(): Row[] {
  const key = randomBytes(16);
  const keyObject = createSecretKey(key);
  const signer = createGoogleCdnSigner({ keyName: 'key-2026', key, now: () => NOW });
  // Cloud CDN writes the prefix in base64url with its `=` padding.
  const padded = (text: string) => Buffer.from(text).toString('base64url').padEnd(Math.ceil(Buffer.byteLength(text) / 3) * 4, '=');
  const policy = (prefix: string, separator: string) => `URLPrefix=${padded(prefix)}${separator}Expires=${EXPIRES}${separator}KeyName=key-2026`;
  const prepared = prepareHmac('sha1', key);
  const hmacs = (texts: string[]): Array<[string, Sign]> => [
    ["createHmac('sha1', key bytes)", (i) => `${createHmac('sha1', key).update(texts[i]!).digest('base64url')}=`],
    ["createHmac('sha1', KeyObject)", (i) => `${createHmac('sha1', keyObject).update(texts[i]!).digest('base64url')}=`],
    [PREPARED, (i) => `${prepared(texts[i]!, 'base64url')}=`],
  ];
  return [
    { signature: 'Cloud CDN signed URL', ours: (i) => signer.signUrl(urls[i]!, expiry), primitives: hmacs(urls.map((url) => `${url}?Expires=${EXPIRES}&KeyName=key-2026`)) },
    { signature: 'Cloud CDN URLPrefix signature', ours: (i) => signer.signUrlPrefix(urls[i]!, prefixes[i]!, expiry), primitives: hmacs(prefixes.map((prefix) => policy(prefix, '&'))) },
    { signature: 'Cloud CDN signed cookie', ours: (i) => signer.signCookie(prefixes[i]!, expiry), primitives: hmacs(prefixes.map((prefix) => policy(prefix, ':'))) },
  ];
}

function cloudStorage(): Row[] {
  const keyFile = new URL('../packages/core/test/vectors/gcs/test_service_account.not-a-test.json', import.meta.url);
  const account = JSON.parse(readFileSync(keyFile, 'utf8')) as { client_email: string; private_key: string };
  const privateKey = createPrivateKey(account.private_key);
  const hmacKey = { accessId: 'GOOG1EEXAMPLEACCESSID0123456789', secret: randomBytes(30).toString('base64') };
  const names = urls.map((url) => decodeURIComponent(url.slice('https://media.example.com/'.length)));
  const signingDate = new Date(Math.floor(NOW / 1000) * 1000);
  const signingKey = deriveGoog4SigningKey(hmacKey.secret, signingDate.toISOString().slice(0, 10).replaceAll('-', ''));
  const signingKeyObject = createSecretKey(signingKey);
  const preparedSigningKey = prepareHmac('sha256', signingKey);
  const signers = [
    ['GCS GOOG4-RSA-SHA256', createGcsSigner({ bucket: 'media-bucket', serviceAccountKey: account, now: () => NOW })],
    ['GCS GOOG4-HMAC-SHA256', createGcsSigner({ bucket: 'media-bucket', hmacKey, now: () => NOW })],
  ] as const;
  return signers.map(([signature, signer]) => {
    // The finished inputs of each signature, from the signer's general path, so both sides sign the same bytes.
    const inputs = names.map((key) => {
      const { canonicalRequest, stringToSign } = signer.signRequest({ method: 'GET', key, expiresIn: 900, signingDate });
      return { canonicalRequest, head: stringToSign.slice(0, stringToSign.lastIndexOf('\n') + 1) };
    });
    const plainHash = (i: number) => inputs[i]!.head + createHash('sha256').update(inputs[i]!.canonicalRequest).digest('hex');
    const oneShotHash = (i: number) => inputs[i]!.head + hash('sha256', inputs[i]!.canonicalRequest, 'hex');
    const primitives: Array<[string, Sign]> = signer.algorithm === 'GOOG4-RSA-SHA256'
      ? [
        ['createHash + crypto.sign', (i) => cryptoSign('sha256', Buffer.from(plainHash(i)), privateKey).toString('hex')],
        ['crypto.hash + crypto.sign', (i) => cryptoSign('sha256', Buffer.from(oneShotHash(i)), privateKey).toString('hex')],
      ]
      : [
        ['createHash + createHmac, key bytes', (i) => createHmac('sha256', signingKey).update(plainHash(i)).digest('hex')],
        ['crypto.hash + createHmac, KeyObject', (i) => createHmac('sha256', signingKeyObject).update(oneShotHash(i)).digest('hex')],
        [`crypto.hash + ${PREPARED}`, (i) => preparedSigningKey(oneShotHash(i), 'hex')],
      ];
    return { signature, ours: (i) => signer.signUrl({ key: names[i]!, expiresIn: 900, signingDate }), primitives };
  });
}

/** Signatures per second of this process's CPU time (user + system). */
function runFor(sign: Sign, ms: number, start: number): number {
  const end = performance.now() + ms;
  const cpuStart = process.cpuUsage();
  let count = 0;
  let index = start;
  while (performance.now() < end) {
    for (let batch = 0; batch < 8; batch += 1) sign(index++ & (N - 1));
    count += 8;
  }
  const cpu = process.cpuUsage(cpuStart);
  return count / ((cpu.user + cpu.system) / 1e6);
}

/** The text of what a signer returns: a URL, or a cookie's Set-Cookie line. */
const textOf = (signed: unknown): string => (typeof signed === 'string' ? signed : (signed as { setCookie: string }).setCookie);

const table: Array<Array<string | number>> = [];
for (const row of [...cloudCdn(), ...cloudStorage()]) {
  for (const [label, primitive] of row.primitives) {
    // Both sides sign the same bytes: the primitive's output is the signature in what the signer returns.
    for (const index of [0, 7, 500]) {
      if (!textOf(row.ours(index)).includes(String(primitive(index)))) throw new Error(`${row.signature}, ${label}: the primitive's input differs from what the signer signs`);
    }
    runFor(row.ours, WARMUP_MS, 0);
    runFor(primitive, WARMUP_MS, 0);
    const oursRuns: number[] = [];
    const primitiveRuns: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      (globalThis as { gc?: () => void }).gc?.();
      const oursFirst = round % 2 === 0;
      const first = runFor(oursFirst ? row.ours : primitive, ROUND_MS, round * 97);
      const second = runFor(oursFirst ? primitive : row.ours, ROUND_MS, round * 97);
      oursRuns.push(oursFirst ? first : second);
      primitiveRuns.push(oursFirst ? second : first);
    }
    table.push([row.signature, label, spread(primitiveRuns).median, spread(oursRuns).median, ratioSpread(spread(pairedRatios(oursRuns, primitiveRuns)))]);
  }
}

printTable(['signature', 'bare primitive', 'primitive /CPU-s', 'cdn-accel /CPU-s', 'ours ÷ primitive (median, range)'], table);
process.stdout.write(`\nTarget: ours ≥ 0.90× the bare primitive (createHmac, or crypto.sign with the parsed key). The rows of ${PREPARED} are not a target: they show what the signer adds to its own HMAC.\n`);
