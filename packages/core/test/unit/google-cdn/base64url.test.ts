import { expect } from 'chai';
import fc from 'fast-check';
import { fromBase64Url, toPaddedBase64Url } from '../../../src/google-cdn/base64url.js';

describe('Cloud CDN base64url', () => {
  it('pads as Python urlsafe_b64encode and Go base64.URLEncoding do, and decodes its own output', () => {
    expect(toPaddedBase64Url(Buffer.from('http://www.example.com/'))).to.equal('aHR0cDovL3d3dy5leGFtcGxlLmNvbS8=');
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const text = toPaddedBase64Url(Buffer.from(bytes));
      expect(text).to.equal(Buffer.from(bytes).toString('base64').replaceAll('+', '-').replaceAll('/', '_'));
      expect(fromBase64Url(text)).to.deep.equal(Buffer.from(bytes));
      expect(fromBase64Url(text.replace(/=+$/, ''), true)).to.deep.equal(Buffer.from(bytes));
    }));
  });

  it('SECURITY: accepts only the canonical spelling, in the base64url alphabet', () => {
    expect(fromBase64Url('aGk=')).to.deep.equal(Buffer.from('hi'));
    expect(fromBase64Url('aGl=')).to.equal(undefined);
    expect(fromBase64Url('aGk')).to.equal(undefined);
    expect(fromBase64Url('aGk', true)).to.deep.equal(Buffer.from('hi'));
    expect(fromBase64Url('a+k=')).to.equal(undefined);
    expect(fromBase64Url('aGk==')).to.equal(undefined);
    expect(fromBase64Url('a', true)).to.equal(undefined);
  });
});
