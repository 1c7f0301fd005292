import { expect } from 'chai';
import { checkPolicyResource, checkUrlToSign } from '../../../src/cloudfront/resource.js';

describe('checkUrlToSign / checkPolicyResource', () => {
  it('accepts absolute, already-encoded http(s) URLs and returns the parameter separator', () => {
    expect(checkUrlToSign('https://d.example/a%20b.jpg')).to.equal('?');
    expect(checkUrlToSign('http://d.example:8080/a.jpg?size=large')).to.equal('&');
  });

  it('refuses relative URLs and other schemes', () => {
    for (const bad of ['/a.jpg', 'ftp://d.example/a', 'rtmp://d.example/a', 'https:///a', 'd.example/a']) {
      expect(() => checkUrlToSign(bad), bad).to.throw(/absolute http/).with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    }
  });

  it('SECURITY: refuses JSON injection and unencoded bytes in the resource', () => {
    for (const bad of ['https://example.com/file","Resource":"*","x":"', 'https://d.example/a\\b', 'https://d.example/a\nb', 'https://d.example/a b', 'https://d.example/é']) {
      expect(() => checkUrlToSign(bad), bad).to.throw(/resource contains/);
      expect(() => checkPolicyResource(bad), bad).to.throw(/resource contains/);
    }
  });

  it('SECURITY: refuses a URL that already carries signing parameters, in any case', () => {
    for (const bad of ['https://d.example/a?Expires=1', 'https://d.example/a?x=1&Signature=abc', 'https://d.example/a?key-pair-id=K', 'https://d.example/a?Policy', 'https://d.example/a?Hash-Algorithm=SHA1']) {
      expect(() => checkUrlToSign(bad), bad).to.throw(/signing parameter/);
    }
    expect(checkUrlToSign('https://d.example/a?MyExpires=1&xPolicy=2')).to.equal('&');
  });

  it('refuses fragments, which never reach CloudFront', () => {
    expect(() => checkUrlToSign('https://d.example/a#t=10')).to.throw(/fragment/);
  });

  it('accepts wildcard resources', () => {
    for (const ok of ['https://d.example/videos/*', 'http*://d.example/*', '*', 'https://*.example.com/a?.jpg']) expect(() => checkPolicyResource(ok), ok).not.to.throw();
    expect(() => checkPolicyResource('videos/*')).to.throw(/expected a URL/);
  });
});
