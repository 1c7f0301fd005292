import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDevCdn, type DevCdnOptions, type RunningDevCdn } from '../../src/index.js';

export const KEY_PAIR_ID = 'KDEVCDNTEST01';
export const S3_ACCESS_KEY_ID = 'AKIADEVCDNTEST000001';
export const S3_SECRET = 'dev-cdn-test-secret-key-0000000000000000';

/** 0..255 repeated, so any byte range is easy to check. */
export const BOOK = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 256));

export interface Harness {
  cdn: RunningDevCdn;
  base: string;
  root: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  clock: { now: number };
  close(): Promise<void>;
}

/** A temporary root with sample files, an RSA key pair and a running emulator on 127.0.0.1:0. */
export async function startHarness(extra: Partial<DevCdnOptions> = {}): Promise<Harness> {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'dev-cdn-it-')));
  const root = path.join(base, 'root');
  mkdirSync(path.join(root, 'books'), { recursive: true });
  mkdirSync(path.join(root, 'media', 'videos', '42'), { recursive: true });
  writeFileSync(path.join(root, 'books', 'moby dick.pdf'), BOOK);
  writeFileSync(path.join(root, 'media', 'videos', '42', 'index.m3u8'), '#EXTM3U\n');
  writeFileSync(path.join(base, 'secret.txt'), 'outside the root');
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'books', 'link.txt'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clock = { now: Date.now() };
  const cdn = await createDevCdn({
    root,
    publicKeys: { [KEY_PAIR_ID]: publicKey },
    s3Secrets: { [S3_ACCESS_KEY_ID]: S3_SECRET },
    now: () => clock.now,
    ...extra,
  }).listen({ port: 0 });
  return {
    cdn,
    base,
    root,
    privateKey,
    publicKey,
    clock,
    async close() {
      await cdn.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with the target sent byte for byte (fetch would normalise `..` and percent-escapes). */
export function rawRequest(port: number, target: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The path and query of a URL, as sent on the request line. */
export function targetOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ');
}
