import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { deriveGoog4SigningKey, loadHmacKey } from '../../../src/gcs/hmac-key.js';

const SECRET = 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ';

function configError(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).to.include({ code: 'ERR_ACCEL_CONFIG' });
    expect((error as Error).message).not.to.include(SECRET.slice(0, 12));
    return (error as Error).message;
  }
  throw new Error('expected ERR_ACCEL_CONFIG');
}

describe('GCS HMAC keys', () => {
  it('derives the signing key as Google documents: "GOOG4" + secret, day, "auto", "storage", "goog4_request"', () => {
    const step = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
    const expected = step(step(step(step(`GOOG4${SECRET}`, '20190201'), 'auto'), 'storage'), 'goog4_request');
    expect(deriveGoog4SigningKey(SECRET, '20190201')).to.deep.equal(expected);
  });

  it('reads the secret inline or from { file } (trailing newline dropped)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdn-accel-hmac-'));
    try {
      writeFileSync(join(dir, 'secret'), `${SECRET}\n`);
      expect(loadHmacKey({ accessId: 'GOOG1EXAMPLE', secret: { file: join(dir, 'secret') } })).to.deep.equal({ accessId: 'GOOG1EXAMPLE', secret: SECRET });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(loadHmacKey({ accessId: 'GOOG1EXAMPLE', secret: SECRET }).secret).to.equal(SECRET);
  });

  it('says what is wrong with the key, never showing the secret', () => {
    expect(configError(() => loadHmacKey({ accessId: 'a b', secret: SECRET }))).to.match(/^hmacKey\.accessId: expected the key's access ID/);
    expect(configError(() => loadHmacKey({ accessId: 'GOOG1EXAMPLE', secret: SECRET.slice(0, 30) }))).to.equal("hmacKey.secret: expected the 40-character base64 secret shown when the key was created, got 30 characters. Create one with gcloud storage hmac create SERVICE_ACCOUNT_EMAIL (or Cloud Storage → Settings → Interoperability) and pass { accessId, secret }");
    expect(configError(() => loadHmacKey({ accessId: 'GOOG1EXAMPLE', secret: `${SECRET.slice(0, 39)}!` }))).to.match(/got 40 characters with some outside A-Z a-z 0-9 \+ \//);
    expect(configError(() => loadHmacKey({ accessId: 'GOOG1EXAMPLE', secret: '{"type": "service_account"}' }))).to.match(/looks like a service-account JSON key, not an HMAC secret\. Pass service-account keys as serviceAccountKey/);
    expect(configError(() => loadHmacKey({ accessId: 'GOOG1EXAMPLE', secret: 5 }))).to.match(/got a number/);
    expect(configError(() => loadHmacKey('GOOG1EXAMPLE:secret'))).to.match(/^hmacKey: expected \{ accessId, secret \}, got a string/);
  });
});
