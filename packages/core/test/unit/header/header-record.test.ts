import { expect } from 'chai';
import { headerRecord } from '../../../src/internal.js';

describe('headerRecord', () => {
  it('keeps a name once under its first spelling, a repeated one (in any case) as a list in order', () => {
    expect(headerRecord([['X-Frame-Options', 'DENY'], ['Link', '<a>'], ['link', '<b>'], ['LINK', '<c>']])).to.deep.equal({ 'X-Frame-Options': 'DENY', Link: ['<a>', '<b>', '<c>'] });
    expect(headerRecord([])).to.deep.equal({});
  });
});
