import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether the system's openssl is there to make certificates; CI must have it (it fails instead of skipping). */
export function opensslAvailable(suite: string): boolean {
  if (spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0) return true;
  if (process.env.CI === 'true') throw new Error('openssl is missing: CI must install it (apt-get install -y openssl)');
  console.warn(`\n  !!! SKIPPING ${suite}: no openssl to make a certificate. Install it with: apt-get install -y openssl\n`);
  return false;
}

/** A self-signed certificate for 127.0.0.1 (and localhost), made by the system's openssl. */
export function selfSignedCertificate(commonName = '127.0.0.1'): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'cdn-accel-tls-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${commonName}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
