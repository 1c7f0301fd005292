import { expect } from 'chai';
import { MAX_PARTS, planRanges } from '../../src/byte-ranges.js';

describe('planRanges', () => {
  it('passes no Range, and one range, to send as they are (one range normalised)', () => {
    expect(planRanges(undefined, 100)).to.deep.equal({ range: undefined, parts: undefined });
    expect(planRanges('bytes=10-19', 100)).to.deep.equal({ range: 'bytes=10-19', parts: undefined });
    expect(planRanges('bytes=-10', 100)).to.deep.equal({ range: 'bytes=90-99', parts: undefined });
  });

  it('asks send for the first of several ranges, and keeps them all for the parts', () => {
    expect(planRanges('bytes=0-4,20-24', 100)).to.deep.equal({ range: 'bytes=0-4', parts: [{ start: 0, end: 4 }, { start: 20, end: 24 }] });
  });

  it('combines overlapping and adjacent ranges, as Nginx does', () => {
    expect(planRanges('bytes=0-5,3-10,11-12', 100)).to.deep.equal({ range: 'bytes=0-12', parts: undefined });
  });

  it('leaves malformed, unsatisfiable and other-unit headers to send', () => {
    expect(planRanges('bytes=x', 100)).to.deep.equal({ range: 'bytes=x', parts: undefined });
    expect(planRanges('bytes=500-600', 100)).to.deep.equal({ range: 'bytes=500-600', parts: undefined });
    expect(planRanges('items=0-1', 100)).to.deep.equal({ range: 'items=0-1', parts: undefined });
  });

  it(`SECURITY: answers more than ${MAX_PARTS} parts whole`, () => {
    const many = `bytes=${Array.from({ length: MAX_PARTS + 1 }, (_, index) => `${index * 2}-${index * 2}`).join(',')}`;
    expect(planRanges(many, 1000)).to.deep.equal({ range: undefined, parts: undefined });
  });
});
