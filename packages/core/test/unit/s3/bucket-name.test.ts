import { expect } from 'chai';
import { assertBucketName, isVirtualHostable } from '../../../src/s3/bucket-name.js';

describe('s3/bucket-name', () => {
  it('accepts DNS-style, dotted and legacy names', () => {
    for (const bucket of ['abc', 'my-bucket-1', 'my.bucket', 'Legacy_Bucket', 'a'.repeat(63)]) expect(() => assertBucketName(bucket), bucket).to.not.throw();
  });

  it('SECURITY: refuses names that could move the URL to another host or path', () => {
    for (const bucket of ['evil.com/', 'a#b', 'a?b', 'a@b', 'ab', '', 'a b c', '192.168.1.1', 'x'.repeat(256), undefined, 42]) {
      expect(() => assertBucketName(bucket), String(bucket)).to.throw().with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    }
  });

  it('only plain lower-case DNS labels are virtual-hostable', () => {
    expect(isVirtualHostable('my-bucket')).to.equal(true);
    expect(isVirtualHostable('my.bucket')).to.equal(false);
    expect(isVirtualHostable('My-Bucket')).to.equal(false);
    expect(isVirtualHostable('-bucket')).to.equal(false);
  });
});
