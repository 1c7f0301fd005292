import { expect } from 'chai';
import fc from 'fast-check';
import { originForm } from '../../../src/server/request-target.js';

const pathChars = fc.constantFrom(...'abz09-._~/%?=&:@!$'.split(''));
const path = fc.array(pathChars, { maxLength: 40 }).map((chars) => `/${chars.join('')}`);
const host = fc.domain().chain((name) => fc.constantFrom(name, `${name}:8080`, `user@${name}`));

describe('originForm', () => {
  it('keeps an origin-form target as it is', () => {
    fc.assert(fc.property(path, (target) => {
      expect(originForm(target)).to.equal(target);
    }));
  });

  it('SECURITY: turns any absolute-form target into its origin-form, dropping scheme and host (property)', () => {
    fc.assert(fc.property(fc.constantFrom('http', 'https', 'HTTP', 'ws'), host, path, (scheme, authority, target) => {
      expect(originForm(`${scheme}://${authority}${target}`)).to.equal(target);
    }));
  });

  it('gives "/" for a bare authority and keeps the query of one without a path', () => {
    expect(originForm('http://example.com')).to.equal('/');
    expect(originForm('http://example.com?q=1')).to.equal('/?q=1');
  });

  it('leaves the asterisk-form alone', () => {
    expect(originForm('*')).to.equal('*');
  });
});
