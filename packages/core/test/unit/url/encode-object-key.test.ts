import { expect } from 'chai';
import fc from 'fast-check';
import { encodeObjectKey, encodeSegment, joinObjectUrl } from '../../../src/url/encode-object-key.js';

describe('encodeObjectKey', () => {
  it('keeps unreserved characters and slashes literal', () => {
    expect(encodeObjectKey('a-b_c.d~e/F9/')).to.equal('a-b_c.d~e/F9/');
  });

  it('encodes sub-delimiters that encodeURIComponent leaves alone', () => {
    expect(encodeObjectKey("!*'()")).to.equal('%21%2A%27%28%29');
  });

  it('encodes space as %20 and plus as %2B, never double-encodes a percent', () => {
    expect(encodeObjectKey('a b+c%2Fd')).to.equal('a%20b%2Bc%252Fd');
  });

  it('keeps empty segments (a//b, trailing slash)', () => {
    expect(encodeObjectKey('a//b/')).to.equal('a//b/');
  });

  it('encodes UTF-8 with upper-case hex', () => {
    expect(encodeObjectKey('é/😀')).to.equal('%C3%A9/%F0%9F%98%80');
  });

  it('refuses dot segments with a typed error', () => {
    for (const key of ['.', '..', 'a/../b', './a', 'a/.']) {
      expect(() => encodeObjectKey(key), key).to.throw().with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    }
  });

  it('refuses lone surrogates with a typed error', () => {
    expect(() => encodeSegment('\uD800')).to.throw().with.property('code', 'ERR_ACCEL_INVALID_INPUT');
  });

  it('round-trips through decodeURIComponent per segment (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), (segments) => {
        fc.pre(segments.every((s) => s !== '.' && s !== '..' && !s.includes('/')));
        const encoded = encodeObjectKey(segments.join('/'));
        expect(encoded).to.match(/^[A-Za-z0-9\-._~/%]*$/);
        expect(encoded.split('/').map(decodeURIComponent)).to.deep.equal(segments);
      }),
    );
  });
});

/** The reference: the key split at its slashes, each segment checked and encoded on its own. */
function perSegment(key: string, refuseEncodedDots: boolean): string {
  const segments = key.split('/');
  const dots = refuseEncodedDots ? /^(?:\.|%2e){1,2}$/i : /^\.{1,2}$/;
  if (segments.some((segment) => dots.test(segment))) throw new Error('dot segment');
  return segments.map(encodeSegment).join('/');
}

describe('encodeObjectKey against the per-segment reference (property)', () => {
  // Slashes, dots, percent signs and the hex of %2F and %2E come often, so that the edge cases do too.
  const tricky = fc.string({ unit: fc.oneof(fc.constantFrom('/', '.', '%', '2', 'F', 'f', 'e', 'E', '!', '*', "'", '(', ')', ' ', '+'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 24 });

  it('encodes exactly as the reference does, and refuses exactly what it refuses', () => {
    fc.assert(
      fc.property(tricky, fc.boolean(), (key, refuseEncodedDots) => {
        let expected: string | undefined;
        try {
          expected = perSegment(key, refuseEncodedDots);
        } catch {
          expected = undefined;
        }
        if (expected === undefined) {
          expect(() => encodeObjectKey(key, { refuseEncodedDots }), key).to.throw().with.property('code', 'ERR_ACCEL_INVALID_INPUT');
        } else {
          expect(encodeObjectKey(key, { refuseEncodedDots }), key).to.equal(expected);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('joinObjectUrl', () => {
  it('joins with exactly one slash', () => {
    expect(joinObjectUrl('https://d.example/media', '/a b.pdf')).to.equal('https://d.example/media/a%20b.pdf');
    expect(joinObjectUrl('https://d.example/media/', 'a')).to.equal('https://d.example/media/a');
  });
});
