import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadPrivateKey } from '../../../src/keys/load-private-key.js';

const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

const pem = (key: typeof rsa2048.privateKey, type: 'pkcs1' | 'pkcs8' | 'sec1'): string => key.export({ type, format: 'pem' } as never) as unknown as string;

function refusal(run: () => unknown): Error & { code?: string } {
  try {
    run();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a refusal');
}

describe('loadPrivateKey', () => {
  it('accepts RSA-2048 as PKCS#1 and PKCS#8 PEM, string or Buffer, and a KeyObject', () => {
    for (const input of [pem(rsa2048.privateKey, 'pkcs1'), pem(rsa2048.privateKey, 'pkcs8'), Buffer.from(pem(rsa2048.privateKey, 'pkcs8')), rsa2048.privateKey]) {
      const loaded = loadPrivateKey(input);
      expect(loaded.type).to.equal('rsa');
      expect(loaded.bits).to.equal(2048);
      expect(loaded.publicKey.type).to.equal('public');
    }
  });

  it('accepts ECDSA P-256 as SEC1 and PKCS#8 PEM', () => {
    expect(loadPrivateKey(pem(p256.privateKey, 'sec1')).type).to.equal('ecdsa');
    expect(loadPrivateKey(pem(p256.privateKey, 'pkcs8')).type).to.equal('ecdsa');
  });

  it('reads { file } once, and names the file when it is missing', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cdn-accel-keys-'));
    try {
      writeFileSync(join(folder, 'key.pem'), pem(p256.privateKey, 'pkcs8'));
      expect(loadPrivateKey({ file: join(folder, 'key.pem') }).type).to.equal('ecdsa');
      expect(refusal(() => loadPrivateKey({ file: join(folder, 'nope.pem') })).message).to.contain('nope.pem');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('decrypts an encrypted PKCS#8 PEM with its passphrase, and says what is wrong without it', () => {
    const encrypted = rsa2048.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 's3cret' }) as string;
    expect(loadPrivateKey(encrypted, { passphrase: 's3cret' }).bits).to.equal(2048);
    expect(refusal(() => loadPrivateKey(encrypted)).message).to.contain('encrypted; pass its passphrase');
    expect(refusal(() => loadPrivateKey(encrypted, { passphrase: 'wrong' })).code).to.equal('ERR_ACCEL_INVALID_KEY');
  });

  it('decrypts a legacy encrypted PKCS#1 PEM (Proc-Type: 4,ENCRYPTED)', () => {
    const legacy = rsa2048.privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw' }) as string;
    expect(legacy).to.contain('Proc-Type: 4,ENCRYPTED');
    expect(loadPrivateKey(legacy, { passphrase: 'pw' }).type).to.equal('rsa');
  });

  it('refuses RSA sizes CloudFront does not accept unless allowAnyRsaKeySize, and never below 1024', () => {
    const error = refusal(() => loadPrivateKey(rsa1024.privateKey));
    expect(error.code).to.equal('ERR_ACCEL_INVALID_KEY');
    expect(error.message).to.contain('2048').and.contain('allowAnyRsaKeySize');
    expect(loadPrivateKey(rsa1024.privateKey, { allowAnyRsaKeySize: true }).bits).to.equal(1024);
    const tiny = generateKeyPairSync('rsa', { modulusLength: 512 });
    expect(refusal(() => loadPrivateKey(tiny.privateKey, { allowAnyRsaKeySize: true })).message).to.contain('too weak');
  });

  it('refuses DSA, Ed25519 and other curves, naming the accepted types', () => {
    const others = [
      generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey,
      generateKeyPairSync('ed25519').privateKey,
      generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey,
    ];
    for (const key of others) {
      const error = refusal(() => loadPrivateKey(key));
      expect(error.code).to.equal('ERR_ACCEL_INVALID_KEY');
      expect(error.message).to.contain('RSA-2048').and.contain('ECDSA P-256');
    }
  });

  it('SECURITY: refuses a public key (PEM or KeyObject), which cannot sign', () => {
    expect(refusal(() => loadPrivateKey(rsa2048.publicKey.export({ type: 'spki', format: 'pem' }) as string)).message).to.contain('public key');
    expect(refusal(() => loadPrivateKey(rsa2048.publicKey)).message).to.contain('public KeyObject');
  });

  it('refuses what is not a key: a path string, garbage, a number', () => {
    expect(refusal(() => loadPrivateKey('/etc/keys/cloudfront.pem')).message).to.contain('{ file: path }');
    expect(refusal(() => loadPrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).code).to.equal('ERR_ACCEL_INVALID_KEY');
    expect(refusal(() => loadPrivateKey(42 as never)).message).to.contain('got number');
  });

  it('keeps the parsed KeyObject (no re-parse later)', () => {
    const key = createPrivateKey(pem(p256.privateKey, 'pkcs8'));
    expect(loadPrivateKey(key).key).to.equal(key);
  });
});
