import { expect } from 'chai';
import { clampCacheControl, maxAgeDirectives } from '../../../src/header/cache-control.js';

describe('header / cache-control', () => {
  it('finds max-age and s-maxage (the real spelling), whatever their case, and nothing else', () => {
    expect(maxAgeDirectives('public, max-age=60, s-maxage=600')).to.deep.equal([{ name: 'max-age', seconds: 60 }, { name: 's-maxage', seconds: 600 }]);
    expect(maxAgeDirectives('Public, S-MaxAge="600"')).to.deep.equal([{ name: 'S-MaxAge', seconds: 600 }]);
    expect(maxAgeDirectives('private, no-store, s-max-age=600, stale-while-revalidate=900')).to.deep.equal([]);
  });

  it('shortens each max-age and s-maxage longer than what the URL has left, and leaves the rest as written', () => {
    expect(clampCacheControl('public, max-age=60, s-maxage=600', 120)).to.equal('public, max-age=60, s-maxage=120');
    expect(clampCacheControl('public, S-MAXAGE="600", Max-Age=300', 30)).to.equal('public, S-MAXAGE="30", Max-Age=30');
    expect(clampCacheControl('public, max-age=60', -5)).to.equal('public, max-age=0');
    expect(clampCacheControl('private, no-store', 10)).to.equal('private, no-store');
  });
});
