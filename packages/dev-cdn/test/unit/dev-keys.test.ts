import { expect } from 'chai';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureDevKeys } from '../../src/dev-keys.js';

describe('dev-cdn ensureDevKeys', () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'dev-keys-')), '.dev-keys');
  });
  afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('generates a matching RSA-2048 pair once, private key readable by the owner only, and reuses it', () => {
    const keys = ensureDevKeys(dir);
    expect(keys.keyPairId).to.match(/^KDEV[0-9A-F]{10}$/);
    const privateKey = createPrivateKey(readFileSync(keys.privateKeyFile));
    expect(privateKey.asymmetricKeyDetails?.modulusLength).to.equal(2048);
    const signature = sign('sha256', Buffer.from('x'), privateKey);
    expect(verify('sha256', Buffer.from('x'), createPublicKey(readFileSync(keys.publicKeyFile)), signature)).to.equal(true);
    expect(statSync(keys.privateKeyFile).mode & 0o077).to.equal(0);
    expect(ensureDevKeys(dir)).to.deep.equal(keys);
  });
});
