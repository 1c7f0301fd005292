import { generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { Readable } from 'node:stream';
import type { AccelLogger } from '@cdn-accel/core';
import { fromAwsBase64 } from '@cdn-accel/core/internal';

export const CDN_BASE = 'https://d111111abcdef8.cloudfront.net/media/';
export const CDN_HOST = 'd111111abcdef8.cloudfront.net';
export const VIDEO_BASE = 'https://video.example.com/';
export const KEY_PAIR_ID = 'K2JCJMDEHXQW5F';
export const S3_CREDENTIALS = { accessKeyId: 'AKIDCONTRACTTEST', secretAccessKey: 'contract-test-secret-key' };
export const S3_HOST = 'acme-reports.s3.eu-west-1.amazonaws.com';

let rsa: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

/** One RSA-2048 key pair per process: generating one costs ~100 ms. */
export function rsaKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  rsa ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return rsa;
}

/** A KMS stand-in: signs with the local key after `delayMs`, or fails with `failure`. */
export function remoteSign(delayMs: number, failure?: Error) {
  return (data: Buffer, hash: 'SHA1' | 'SHA256'): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      setTimeout(() => (failure === undefined ? resolve(cryptoSign(hash === 'SHA1' ? 'sha1' : 'sha256', data, rsaKeys().privateKey)) : reject(failure)), delayMs);
    });
}

export interface RecordingLogger extends AccelLogger {
  lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const record = (...args: unknown[]): void => {
    lines.push(args.map(String).join(' '));
  };
  return { lines, info: record, warn: record, error: record };
}

/** A large body that records how much of it was read and whether it was destroyed. */
export class TrackedBody extends Readable {
  bytesRead = 0;
  readonly total: number;
  readonly whenClosed: Promise<void>;

  constructor(total = 64 * 1024 * 1024) {
    super({ highWaterMark: 16 * 1024 });
    this.total = total;
    this.whenClosed = new Promise((resolve) => this.once('close', () => resolve()));
  }

  override _read(size: number): void {
    if (this.bytesRead >= this.total) {
      this.push(null);
      return;
    }
    const chunk = Buffer.alloc(Math.min(size, this.total - this.bytesRead), 0x61);
    this.bytesRead += chunk.length;
    // Asynchronous like a file, so that a destroy can land between chunks.
    setImmediate(() => this.push(chunk));
  }
}

/** The `AWS:SourceIp` a CloudFront custom-policy URL is bound to, or undefined when it carries none. */
export function policySourceIp(signedUrl: string): string | undefined {
  const policy = new URL(signedUrl).searchParams.get('Policy');
  if (policy === null) return undefined;
  const json = JSON.parse(fromAwsBase64(policy)!.toString());
  return json.Statement[0].Condition.IpAddress?.['AWS:SourceIp'];
}
