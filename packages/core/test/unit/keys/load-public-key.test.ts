import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { loadPublicKey } from '../../../src/keys/load-public-key.js';

describe('loadPublicKey', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  it('accepts SPKI PEM, a public KeyObject, or a private key (its public half)', () => {
    expect(loadPublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string).type).to.equal('rsa');
    expect(loadPublicKey(ec.publicKey).type).to.equal('ecdsa');
    const fromPrivate = loadPublicKey(ec.privateKey);
    expect(fromPrivate.key.type).to.equal('public');
  });

  it('refuses other key types and non-keys with ERR_ACCEL_INVALID_KEY', () => {
    expect(() => loadPublicKey(generateKeyPairSync('ed25519').publicKey)).to.throw(/RSA or ECDSA P-256/).with.property('code', 'ERR_ACCEL_INVALID_KEY');
    expect(() => loadPublicKey('not a key')).to.throw().with.property('code', 'ERR_ACCEL_INVALID_KEY');
  });
});
