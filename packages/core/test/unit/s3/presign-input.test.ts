import { expect } from 'chai';
import fc from 'fast-check';
import { encodeKey, methodOf, signingTimeOf } from '../../../src/s3/presign-input.js';
import { encodeObjectKey } from '../../../src/url/encode-object-key.js';

describe('s3/presign-input', () => {
  it('encodes keys once per segment: + → %2B, space → %20, % never double-decoded, a//b and dir/ kept', () => {
    expect(encodeKey('a b+c/d%2Fe//f/')).to.equal('a%20b%2Bc/d%252Fe//f/');
    expect(encodeKey("a&b=c;d,e:f@g$h!*'()")).to.equal('a%26b%3Dc%3Bd%2Ce%3Af%40g%24h%21%2A%27%28%29');
  });

  it('SECURITY: refuses dot segments in every spelling S3 presigning could meet', () => {
    for (const key of ['.', '..', 'a/.', 'a/../b', '%2e', '%2E%2e', '.%2e', '%2e.', 'a/%2E%2E/b']) {
      expect(() => encodeKey(key), key).to.throw().with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    }
    for (const key of ['...', '.a', 'a.', '%2e%2e%2e', '%2ex', '%252e']) expect(() => encodeKey(key), key).to.not.throw();
  });

  it('leaves encodeObjectKey\'s default behaviour unchanged for other callers (%2e accepted)', () => {
    expect(encodeObjectKey('%2e/x')).to.equal('%252e/x');
    expect(() => encodeObjectKey('%2e/x', { refuseEncodedDots: true })).to.throw();
  });

  it('accepted keys decode back to themselves per segment (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), (key) => {
        let encoded: string;
        try {
          encoded = encodeKey(key);
        } catch {
          return;
        }
        expect(encoded).to.match(/^[A-Za-z0-9\-._~/%]+$/);
        expect(encoded.split('/').map(decodeURIComponent).join('/')).to.equal(key);
      }),
      { numRuns: 500 },
    );
  });

  it('method defaults to GET; signing time defaults to the clock', () => {
    expect(methodOf({ bucket: 'b', key: 'k' })).to.equal('GET');
    expect(signingTimeOf({ bucket: 'b', key: 'k' }, () => 42)).to.equal(42);
    expect(signingTimeOf({ bucket: 'b', key: 'k', signingDate: new Date(7) }, () => 42)).to.equal(7);
  });
});
