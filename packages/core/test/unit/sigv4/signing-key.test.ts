import { expect } from 'chai';
import { deriveSigningKey, SigningKeyCache } from '../../../src/sigv4/signing-key.js';

describe('sigv4/signing-key', () => {
  it('derives the documented example key (AWS General Reference, IAM, 20120215)', () => {
    const key = deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam');
    expect(key.toString('hex')).to.equal('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });

  it('caches per secret, day, region and service', () => {
    const cache = new SigningKeyCache();
    const first = cache.get('secret', '20240101', 'eu-west-1', 's3');
    expect(cache.get('secret', '20240101', 'eu-west-1', 's3')).to.equal(first);
    expect(cache.get('secret', '20240102', 'eu-west-1', 's3')).to.not.equal(first);
    expect(cache.get('secret', '20240101', 'eu-west-2', 's3').equals(first)).to.equal(false);
    expect(cache.get('other', '20240101', 'eu-west-1', 's3').equals(first)).to.equal(false);
  });

  it('stays bounded, evicting the oldest entry', () => {
    const cache = new SigningKeyCache(2);
    const a = cache.get('a', '20240101', 'r', 's3');
    cache.get('b', '20240101', 'r', 's3');
    cache.get('c', '20240101', 'r', 's3');
    expect(cache.get('a', '20240101', 'r', 's3')).to.not.equal(a);
    expect(cache.get('a', '20240101', 'r', 's3').equals(a)).to.equal(true);
  });
});
