import { expect } from 'chai';
import fc from 'fast-check';
import { matchesWildcard } from '../../../src/cloudfront/wildcard.js';

function reference(pattern: string, text: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${source}$`).test(text);
}

describe('matchesWildcard (CloudFront Resource patterns)', () => {
  it('matches * across slashes and ? as exactly one character', () => {
    expect(matchesWildcard('https://d.example/videos/42/*', 'https://d.example/videos/42/index.m3u8')).to.equal(true);
    expect(matchesWildcard('https://d.example/videos/42/*', 'https://d.example/videos/42/seg/1.ts?x=1')).to.equal(true);
    expect(matchesWildcard('https://d.example/videos/42/*', 'https://d.example/videos/43/index.m3u8')).to.equal(false);
    expect(matchesWildcard('https://d.example/a?.jpg', 'https://d.example/a1.jpg')).to.equal(true);
    expect(matchesWildcard('https://d.example/a?.jpg', 'https://d.example/a.jpg')).to.equal(false);
    expect(matchesWildcard('http*://d.example/*', 'https://d.example/x')).to.equal(true);
    expect(matchesWildcard('*', '')).to.equal(true);
  });

  it('is case-sensitive and anchored at both ends', () => {
    expect(matchesWildcard('https://d.example/A.jpg', 'https://d.example/a.jpg')).to.equal(false);
    expect(matchesWildcard('https://d.example/a', 'https://d.example/a.jpg')).to.equal(false);
    expect(matchesWildcard('d.example/a.jpg', 'https://d.example/a.jpg')).to.equal(false);
  });

  it('agrees with a regular-expression reference on random patterns', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', '.', '*', '?');
    fc.assert(fc.property(fc.string({ unit: alphabet, maxLength: 10 }), fc.string({ unit: fc.constantFrom('a', 'b', '/', '.', '?', '*'), maxLength: 12 }), (pattern, text) => {
      expect(matchesWildcard(pattern, text)).to.equal(reference(pattern, text));
    }), { numRuns: 2000 });
  });

  it('stays fast on pathological patterns', () => {
    const started = process.hrtime.bigint();
    expect(matchesWildcard(`${'*a'.repeat(50)}b`, 'a'.repeat(5000))).to.equal(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).to.be.lessThan(500);
  });
});
