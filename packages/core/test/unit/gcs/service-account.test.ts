import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createGcsSigner } from '../../../src/gcs/create-signer.js';
import { loadServiceAccountKey } from '../../../src/gcs/service-account.js';

const keyFile = new URL('../../vectors/gcs/test_service_account.not-a-test.json', import.meta.url);
const keyText = readFileSync(keyFile, 'utf8');
const keyJson = JSON.parse(keyText) as Record<string, string>;
const PEM_BODY = keyJson.private_key!.split('\n')[1]!;

function configError(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).to.include({ code: 'ERR_ACCEL_CONFIG' });
    const { message } = error as Error;
    // SECURITY: nothing of the key may reach a message.
    expect(message).not.to.include(PEM_BODY);
    expect(message).not.to.include('BEGIN PRIVATE KEY');
    return message;
  }
  throw new Error('expected ERR_ACCEL_CONFIG');
}

describe('loadServiceAccountKey', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdn-accel-gcs-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the JSON key as an object, text, bytes or { file }', () => {
    const file = join(dir, 'key.json');
    writeFileSync(file, keyText);
    for (const input of [keyJson, keyText, Buffer.from(keyText), { file }]) {
      const loaded = loadServiceAccountKey(input);
      expect(loaded.clientEmail).to.equal('test-iam-credentials@dummy-project-id.iam.gserviceaccount.com');
      expect(loaded.privateKey.asymmetricKeyDetails?.modulusLength).to.equal(2048);
      expect(loaded.publicKey.type).to.equal('public');
    }
  });

  it('says what a malformed key file is, never showing it', () => {
    expect(configError(() => loadServiceAccountKey(keyText.slice(0, 300)))).to.match(/^serviceAccountKey: the service-account key is not valid JSON \(at position \d+\)\. Download a JSON key/);
    expect(configError(() => loadServiceAccountKey('[1, 2]'))).to.match(/^serviceAccountKey: expected a service-account JSON key .*, got an array/);
    expect(configError(() => loadServiceAccountKey({ ...keyJson, client_email: 'nobody' }))).to.match(/^serviceAccountKey\.client_email: is missing or not an email address/);
    expect(configError(() => loadServiceAccountKey({ ...keyJson, private_key: 'xyz' }))).to.match(/^serviceAccountKey\.private_key: is missing or not a PEM key/);
    expect(configError(() => loadServiceAccountKey({ ...keyJson, private_key: keyJson.private_key!.replace(PEM_BODY, PEM_BODY.split('').reverse().join('')) }))).to.match(/^serviceAccountKey\.private_key: the PEM could not be parsed/);
    expect(configError(() => loadServiceAccountKey({ type: 'authorized_user', client_email: 'a@b.c', private_key: '' }))).to.match(/^serviceAccountKey\.type: "authorized_user" credentials cannot sign URLs/);
    expect(configError(() => loadServiceAccountKey({ file: join(dir, 'missing.json') }))).to.match(/cannot read the key file .*\(ENOENT\)/);
    expect(configError(() => loadServiceAccountKey('./keys/signer.json'))).to.equal('serviceAccountKey: this looks like a file path. Pass it as { file: "./keys/signer.json" }');
    expect(configError(() => loadServiceAccountKey(keyJson.private_key))).to.match(/a bare PEM key; the signed URL also needs the service account's email/);
  });

  it('refuses an HMAC key or a Cloud CDN key where the RSA key of a service account is needed', () => {
    const secret = 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ';
    expect(configError(() => loadServiceAccountKey(secret))).to.equal('serviceAccountKey: this looks like an HMAC key secret (40 base64 characters), not a service-account JSON key; GOOG4-RSA-SHA256 needs the RSA key of a service account. Pass HMAC keys as hmacKey: { accessId, secret } (GOOG4-HMAC-SHA256), or give the JSON key file here');
    expect(configError(() => loadServiceAccountKey({ accessId: 'GOOG1EXAMPLE', secret }))).to.match(/^serviceAccountKey: this is an HMAC key \(\{ accessId, secret \}\); GOOG4-RSA-SHA256 needs the RSA key of a service account\. Pass it as hmacKey instead/);
    expect(configError(() => loadServiceAccountKey('nZtRohdNF9m3cKM24IcK4w=='))).to.match(/looks like a Cloud CDN signing key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(configError(() => loadServiceAccountKey({ ...keyJson, private_key: ec }))).to.match(/^serviceAccountKey\.private_key: is of key type "ec"; GOOG4-RSA-SHA256 signs with RSA/);
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(configError(() => loadServiceAccountKey({ ...keyJson, private_key: weak }))).to.match(/RSA-1024 is too weak/);
  });

  it('is where createGcsSigner checks its credentials: exactly one of serviceAccountKey, hmacKey, sign', () => {
    expect(configError(() => createGcsSigner({ bucket: 'b-1' } as never))).to.match(/^serviceAccountKey: is missing\. Pass exactly one of/);
    expect(configError(() => createGcsSigner({ bucket: 'b-1', serviceAccountKey: keyJson, hmacKey: { accessId: 'GOOG1EXAMPLE', secret: 'x' } } as never))).to.match(/^serviceAccountKey and hmacKey: are mutually exclusive/);
    expect(configError(() => createGcsSigner({ bucket: 'b-1', sign: () => Buffer.alloc(1) } as never))).to.match(/^clientEmail: expected the email/);
    expect(configError(() => createGcsSigner({ bucket: 'b-1', clientEmail: 'a@b.c', sign: 'kms' } as never))).to.match(/^sign: expected a function/);
  });
});
