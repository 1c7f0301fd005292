import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Development credentials for the app and the emulator: one CloudFront key pair and one S3 access key. */
export interface DevKeys {
  keyPairId: string;
  privateKeyFile: string;
  publicKeyFile: string;
  s3AccessKeyId: string;
  s3SecretAccessKey: string;
}

const FILES = { privateKey: 'cloudfront-private.pem', publicKey: 'cloudfront-public.pem', ids: 'dev-keys.json' };

/**
 * Returns the development keys kept in `folder`, generating them on first use (RSA-2048, like a CloudFront
 * key group key, and a random S3 secret). The folder is meant to be git-ignored: these keys must never be
 * uploaded to AWS. Files are written readable by the owner only.
 */
export function ensureDevKeys(folder: string): DevKeys {
  const privateKeyFile = path.join(folder, FILES.privateKey);
  const publicKeyFile = path.join(folder, FILES.publicKey);
  const idsFile = path.join(folder, FILES.ids);
  if (!existsSync(privateKeyFile) || !existsSync(publicKeyFile) || !existsSync(idsFile)) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
    const ids = {
      keyPairId: `KDEV${randomBytes(5).toString('hex').toUpperCase()}`,
      s3AccessKeyId: `AKIADEV${randomBytes(6).toString('hex').toUpperCase()}`,
      s3SecretAccessKey: randomBytes(30).toString('base64url'),
    };
    writeFileSync(idsFile, `${JSON.stringify(ids, null, 2)}\n`, { mode: 0o600 });
    chmodSync(privateKeyFile, 0o600);
  }
  const ids = JSON.parse(readFileSync(idsFile, 'utf8')) as Pick<DevKeys, 'keyPairId' | 's3AccessKeyId' | 's3SecretAccessKey'>;
  return { ...ids, privateKeyFile, publicKeyFile };
}
