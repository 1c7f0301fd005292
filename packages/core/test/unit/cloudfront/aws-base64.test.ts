import { expect } from 'chai';
import fc from 'fast-check';
import { fromAwsBase64, toAwsBase64 } from '../../../src/cloudfront/aws-base64.js';

describe('CloudFront base64', () => {
  it('maps + = / to - _ ~ (not base64url)', () => {
    expect(toAwsBase64(Buffer.from([0xfb, 0xff, 0xbf]))).to.equal('-~-~');
    expect(toAwsBase64(Buffer.from('a'))).to.equal('YQ__');
  });

  it('round-trips any bytes and never emits + = /', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const text = toAwsBase64(Buffer.from(bytes));
      expect(text).to.match(/^[A-Za-z0-9\-~_]*$/);
      expect(fromAwsBase64(text)!.equals(Buffer.from(bytes))).to.equal(true);
    }));
  });

  it('is standard base64 with + = / mapped to - _ ~, for any bytes (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const reference = Buffer.from(bytes).toString('base64').replace(/[+=/]/g, (char) => ({ '+': '-', '=': '_', '/': '~' })[char] as string);
      expect(toAwsBase64(Buffer.from(bytes))).to.equal(reference);
    }));
  });

  it('refuses standard base64, base64url and broken lengths', () => {
    for (const bad of ['YQ==', 'a+b/', 'ab_c', 'abc', 'YQ_']) expect(fromAwsBase64(bad), bad).to.equal(undefined);
  });

  it('SECURITY: refuses non-canonical spellings (stray bits in the last character)', () => {
    expect(fromAwsBase64('YQ__')!.toString()).to.equal('a');
    expect(fromAwsBase64('YR__')).to.equal(undefined);
  });
});
