import { expect } from 'chai';
import fc from 'fast-check';
import { UNRESERVED_ONLY, uriEncode } from '../../../src/sigv4/uri-encode.js';

/** SigV4's UriEncode() written from the spec, byte by byte: the oracle for the fast version. */
function referenceUriEncode(value: string, keepSlash: boolean): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(char) || (keepSlash && char === '/')) out += char;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

describe('sigv4/uriEncode', () => {
  it('encodes / in query values and keeps it in paths', () => {
    expect(uriEncode('a/b c')).to.equal('a%2Fb%20c');
    expect(uriEncode('a/b c', true)).to.equal('a/b%20c');
  });

  it("encodes the sub-delimiters encodeURIComponent leaves alone: ! ' ( ) *", () => {
    expect(uriEncode("!'()*")).to.equal('%21%27%28%29%2A');
  });

  it('matches the byte-wise reference for any well-formed string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.boolean(), (value, keepSlash) => {
        expect(uriEncode(value, keepSlash)).to.equal(referenceUriEncode(value, keepSlash));
      }),
      { numRuns: 500 },
    );
  });

  it('UNRESERVED_ONLY recognises strings that need no encoding', () => {
    expect(UNRESERVED_ONLY.test('Abc-._~09')).to.equal(true);
    expect(UNRESERVED_ONLY.test('a b')).to.equal(false);
  });
});
