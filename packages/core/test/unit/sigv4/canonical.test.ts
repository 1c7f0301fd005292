import { expect } from 'chai';
import { canonicalHeaders, canonicalQueryString, normalizePath } from '../../../src/sigv4/canonical.js';

describe('sigv4/canonical', () => {
  it('sorts query parameters by encoded name in byte order, then by value', () => {
    expect(canonicalQueryString([['b', '2'], ['a', 'z'], ['a', 'y'], ['X-Amz-Date', '1'], ['response-x', 'v w']]))
      .to.equal('X-Amz-Date=1&a=y&a=z&b=2&response-x=v%20w');
  });

  it('lower-cases, trims, collapses spaces and joins repeated headers in order', () => {
    const result = canonicalHeaders([['Host', 'example.com'], ['My-Header', '  a   b  '], ['my-header', 'c']]);
    expect(result.text).to.equal('host:example.com\nmy-header:a b,c\n');
    expect(result.signedHeaders).to.equal('host;my-header');
  });

  it('normalises dot segments and repeated slashes (non-S3 services)', () => {
    expect(normalizePath('/a/./b/../c//d/')).to.equal('/a/c/d/');
    expect(normalizePath('/..')).to.equal('/');
    expect(normalizePath('/')).to.equal('/');
  });
});
