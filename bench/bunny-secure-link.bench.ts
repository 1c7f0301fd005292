import { createHash, createHmac, createSecretKey, hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createBunnySigner, createSecureLinkSigner } from '@cdn-accel/core';
import { printTable, ratio } from './lib/table.js';

// bunny.net token and Nginx secure_link signatures per CPU second, one process, one core: each signer making whole
// URLs, against its bare primitive (createHmac SHA-256 with the key as a KeyObject, createHash MD5) over the
// finished message of the same URLs, precomputed. The bunny signer is handed the encoded path, as the CloudFront
// section hands its signer the URL; one row adds the key encoding (encodeObjectKey) that a target does first. The
// secure_link signer takes raw keys. A second reference is the primitive the signer itself uses (the HMAC with a
// key prepared once, prepareHmac; the one-shot crypto.hash) over the same finished message: between it and the
// signer is the signer's own work (checks, encoding, the message and the URL). Rounds are interleaved so drift in
// machine load hits every side alike; the best round counts.
// Defaults keep the section near 20 s: BENCH_TOKENS_MS per round, BENCH_TOKENS_ROUNDS rounds.
const ROUND_MS = Number(process.env.BENCH_TOKENS_MS ?? 150);
const ROUNDS = Number(process.env.BENCH_TOKENS_ROUNDS ?? 7);
const WARMUP_MS = 150;
const TARGET = 0.9;

// prepareHmac is internal: it is read from the build that `pnpm bench` makes first.
const dist = new URL('../packages/core/dist/', import.meta.url);
if (!existsSync(new URL('keys/prepared-hmac.js', dist))) throw new Error(`${fileURLToPath(new URL('keys/prepared-hmac.js', dist))} is missing: run pnpm build first (pnpm bench does)`);
const { prepareHmac } = (await import(new URL('keys/prepared-hmac.js', dist).href)) as typeof import('../packages/core/src/keys/prepared-hmac.js');

const KEY = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const SECRET = 'kR4t-9dQ2_vLm7Zp0sYb3Nw8';
const EXPIRES = Math.floor(Date.now() / 1000) + 3600;
const keys = Array.from({ length: 1024 }, (_, index) => `videos/${index % 7 === 0 ? 'Révisions 2024' : 'season-1'}/episode-${index}/index.m3u8`);
const ipv4 = Array.from({ length: 1024 }, (_, index) => `198.51.${index >> 8}.${index & 255}`);
const ipv6 = Array.from({ length: 1024 }, (_, index) => `2001:db8:${index.toString(16)}::${(index * 7).toString(16)}`);

type Sign = (index: number) => string;
interface Scenario { name: string; ours: Sign; bare: Sign; other: Sign }

const secretKey = createSecretKey(Buffer.from(KEY));
const hmac = (message: string | Buffer) => createHmac('sha256', secretKey).update(message).digest('base64url');
const preparedHmac = prepareHmac('sha256', Buffer.from(KEY));
const md5 = (message: string) => createHash('md5').update(message).digest('base64url');
const encoded = keys.map((key) => encodeURI(key));
const pathOf = (key: string) => `/media/${encodeURI(key)}`;
const folderOf = (key: string) => pathOf(key).slice(0, pathOf(key).lastIndexOf('/') + 1);
const ipBytes = (address: string) => (address.includes(':') ? Buffer.concat([Buffer.from(address.split(':').slice(0, 3).map((group) => group.padStart(4, '0')).join('').padEnd(16, '0'), 'hex'), Buffer.alloc(8)]) : Buffer.from(address.split('.').map(Number)));

/** The exact message bunny.net's token signs for each key, made once, for the bare HMAC. */
function bunnyMessages(signing: (index: number) => string, ip?: readonly string[], tokenPath?: boolean): Array<string | Buffer> {
  return keys.map((key, index) => {
    const head = `${tokenPath === true ? folderOf(key) : pathOf(key)}${EXPIRES}`;
    return ip === undefined ? head + signing(index) : Buffer.concat([Buffer.from(head), ipBytes(ip[index]!), Buffer.from(signing(index))]);
  });
}

function bunnyScenarios(): Scenario[] {
  const base = { securityKey: KEY, baseUrl: 'https://myzone.b-cdn.net/media/' };
  const plain = createBunnySigner(base);
  const restricted = createBunnySigner({ ...base, countries: ['CA', 'US'], blockedCountries: ['RU'], limit: 5000 });
  const directory = createBunnySigner({ ...base, tokenIn: 'directory' });
  const restrictions = 'limit=5000&token_countries=CA,US&token_countries_blocked=RU';
  const messages = {
    plain: bunnyMessages(() => ''),
    restricted: bunnyMessages(() => restrictions),
    ipv4: bunnyMessages(() => '', ipv4),
    ipv6: bunnyMessages(() => '', ipv6),
    directory: bunnyMessages((index) => `token_path=${folderOf(keys[index]!)}`, undefined, true),
  };
  const bare = (list: Array<string | Buffer>): Sign => (index) => hmac(list[index]!);
  // The signer hashes a message with IP bytes as latin1 characters: a Buffer message is given as those, made once.
  const other = (list: Array<string | Buffer>): Sign => {
    const texts = list.map((message) => (typeof message === 'string' ? message : message.toString('latin1')));
    return (index) => preparedHmac(texts[index]!, 'base64url', typeof list[index] === 'string' ? 'utf8' : 'latin1');
  };
  return [
    { name: 'bunny query', ours: (i) => plain.signUrl({ path: encoded[i]!, expiresAt: EXPIRES }), bare: bare(messages.plain), other: other(messages.plain) },
    { name: 'bunny query, from the raw key', ours: (i) => plain.signUrl({ key: keys[i]!, expiresAt: EXPIRES }), bare: bare(messages.plain), other: other(messages.plain) },
    { name: 'bunny countries + limit', ours: (i) => restricted.signUrl({ path: encoded[i]!, expiresAt: EXPIRES }), bare: bare(messages.restricted), other: other(messages.restricted) },
    { name: 'bunny IPv4 lock', ours: (i) => plain.signUrl({ path: encoded[i]!, expiresAt: EXPIRES, clientIp: ipv4[i] }), bare: bare(messages.ipv4), other: other(messages.ipv4) },
    { name: 'bunny IPv6 lock (/64)', ours: (i) => plain.signUrl({ path: encoded[i]!, expiresAt: EXPIRES, clientIp: ipv6[i] }), bare: bare(messages.ipv6), other: other(messages.ipv6) },
    { name: 'bunny directory, token_path folder', ours: (i) => directory.signUrl({ path: encoded[i]!, expiresAt: EXPIRES, tokenPath: 'folder' }), bare: bare(messages.directory), other: other(messages.directory) },
  ];
}

function secureLinkScenarios(): Scenario[] {
  const base = { baseUrl: 'https://files.example.com/media/', secret: SECRET };
  const withIp = createSecureLinkSigner({ ...base, secureLinkMd5: '$secure_link_expires$uri$remote_addr $secret' });
  const noIp = createSecureLinkSigner({ ...base, secureLinkMd5: '$secure_link_expires$uri $secret' });
  const withIpText = keys.map((key, index) => `${EXPIRES}/media/${key}${ipv4[index]!} ${SECRET}`);
  const noIpText = keys.map((key) => `${EXPIRES}/media/${key} ${SECRET}`);
  return [
    { name: 'secure_link $uri $remote_addr', ours: (i) => withIp.signUrl({ key: keys[i]!, expiresAt: EXPIRES, clientIp: ipv4[i] }), bare: (i) => md5(withIpText[i]!), other: (i) => hash('md5', withIpText[i]!, 'base64url') },
    { name: 'secure_link $uri', ours: (i) => noIp.signUrl({ key: keys[i]!, expiresAt: EXPIRES }), bare: (i) => md5(noIpText[i]!), other: (i) => hash('md5', noIpText[i]!, 'base64url') },
  ];
}

/**
 * Signatures per second of this process's CPU time (user + system), not of the wall clock: on a shared machine the
 * scheduler decides how much of a wall-clock round a side gets, not the code.
 */
function runFor(sign: Sign, ms: number, start: number): number {
  const end = performance.now() + ms;
  const cpu = process.cpuUsage();
  let count = 0;
  let index = start;
  while (performance.now() < end) {
    for (let batch = 0; batch < 4; batch += 1) sign(index++ & 1023);
    count += 4;
  }
  const used = process.cpuUsage(cpu);
  return count / ((used.user + used.system) / 1e6);
}

/** Best signatures per CPU second of bare, ours and the other reference, rounds interleaved. */
function measure(scenario: Scenario): [number, number, number] {
  // Both sides hash the same bytes: the signature in our URL is the bare primitive's output.
  for (const index of [0, 7, 500]) {
    if (!scenario.ours(index).includes(scenario.bare(index))) throw new Error(`${scenario.name}: the bare message differs from what the signer hashes`);
  }
  const sides = [scenario.bare, scenario.ours, scenario.other];
  for (const sign of sides) runFor(sign, WARMUP_MS, 0);
  const best = [0, 0, 0];
  for (let round = 0; round < ROUNDS; round += 1) {
    sides.forEach((sign, side) => {
      (globalThis as { gc?: () => void }).gc?.();
      best[side] = Math.max(best[side]!, runFor(sign, ROUND_MS, round * 97));
    });
  }
  return best as [number, number, number];
}

let below = 0;
const table = (scenarios: Scenario[]) => scenarios.map((scenario) => {
  const [bare, ours, other] = measure(scenario);
  if (ours / bare < TARGET) below += 1;
  return [scenario.name, bare, ours, ratio(ours, bare), other, ratio(ours, other)];
});

printTable(['bunny.net token', 'createHmac, KeyObject /s', 'cdn-accel /s', 'ours ÷ that', "the signer's own HMAC (prepareHmac) /s", 'ours ÷ that'], table(bunnyScenarios()));
process.stdout.write('\n');
printTable(['Nginx secure_link', 'createHash /s', 'cdn-accel /s', 'ours ÷ that', 'one-shot crypto.hash /s', 'ours ÷ that'], table(secureLinkScenarios()));
process.stdout.write(`\nTarget: ours ≥ ${TARGET}× the bare primitive (the first ratio; createHmac with the key parsed once, createHash).`);
process.stdout.write(` ${below === 0 ? 'All meet it.' : `${below} below it.`} The signers hash with cheaper spellings of the same primitive (a prepared HMAC key; the one-shot crypto.hash, which needs no Hash object): the second ratio is what the signer adds to its own hashing.\n`);
