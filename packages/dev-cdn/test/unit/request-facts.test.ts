import { expect } from 'chai';
import { parseCookieHeader } from '../../src/request-facts.js';

describe('dev-cdn parseCookieHeader', () => {
  it('keeps CloudFront values verbatim and the first cookie of a name', () => {
    const cookies = parseCookieHeader('CloudFront-Policy=eyJ-_~; CloudFront-Signature="a~b"; x=1; x=2; bad');
    expect({ ...cookies }).to.deep.equal({ 'CloudFront-Policy': 'eyJ-_~', 'CloudFront-Signature': 'a~b', x: '1' });
  });

  it('SECURITY: a cookie named __proto__ is plain data', () => {
    const cookies = parseCookieHeader('__proto__=polluted; constructor=x');
    expect(Object.getPrototypeOf(cookies)).to.equal(null);
    expect(cookies['__proto__']).to.equal('polluted');
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
  });
});
