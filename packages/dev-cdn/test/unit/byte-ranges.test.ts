import { expect } from 'chai';
import fc from 'fast-check';
import { MAX_RANGES, planRanges } from '../../src/byte-ranges.js';
import { validatorsFor } from '../../src/validators.js';

const validators = validatorsFor({ size: 100, mtime: new Date('2026-01-02T03:04:05Z') });

describe('dev-cdn planRanges', () => {
  it('serves the whole file without a Range header', () => {
    expect(planRanges({}, 100, validators)).to.deep.equal({ kind: 'full' });
  });

  it('plans one range, a suffix range and an open-ended range', () => {
    expect(planRanges({ range: 'bytes=0-9' }, 100, validators)).to.deep.equal({ kind: 'partial', ranges: [{ start: 0, end: 9 }] });
    expect(planRanges({ range: 'bytes=-10' }, 100, validators)).to.deep.equal({ kind: 'partial', ranges: [{ start: 90, end: 99 }] });
    expect(planRanges({ range: 'bytes=95-' }, 100, validators)).to.deep.equal({ kind: 'partial', ranges: [{ start: 95, end: 99 }] });
  });

  it('clamps an end past the file and keeps several ranges in order, combining overlaps', () => {
    expect(planRanges({ range: 'bytes=90-500' }, 100, validators)).to.deep.equal({ kind: 'partial', ranges: [{ start: 90, end: 99 }] });
    expect(planRanges({ range: 'bytes=0-4,10-14,3-6' }, 100, validators)).to.deep.equal({
      kind: 'partial',
      ranges: [{ start: 0, end: 6 }, { start: 10, end: 14 }],
    });
  });

  it('answers 416 when no range is satisfiable and ignores malformed or foreign-unit headers', () => {
    expect(planRanges({ range: 'bytes=200-300' }, 100, validators)).to.deep.equal({ kind: 'unsatisfiable' });
    expect(planRanges({ range: 'bytes=abc' }, 100, validators)).to.deep.equal({ kind: 'full' });
    expect(planRanges({ range: 'items=0-1' }, 100, validators)).to.deep.equal({ kind: 'full' });
  });

  it('honours If-Range: same ETag or a later date keeps the range, anything else serves the whole file', () => {
    expect(planRanges({ range: 'bytes=0-1', 'if-range': validators.etag }, 100, validators).kind).to.equal('partial');
    expect(planRanges({ range: 'bytes=0-1', 'if-range': '"other"' }, 100, validators).kind).to.equal('full');
    expect(planRanges({ range: 'bytes=0-1', 'if-range': validators.lastModified }, 100, validators).kind).to.equal('partial');
    expect(planRanges({ range: 'bytes=0-1', 'if-range': 'Thu, 01 Jan 2026 00:00:00 GMT' }, 100, validators).kind).to.equal('full');
  });

  it('SECURITY: answers a flood of tiny ranges with the whole file', () => {
    const flood = Array.from({ length: MAX_RANGES + 1 }, (_, index) => `${index * 2}-${index * 2}`).join(',');
    expect(planRanges({ range: `bytes=${flood}` }, 1000, validators)).to.deep.equal({ kind: 'full' });
  });

  it('never plans a byte outside the file (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.array(fc.tuple(fc.nat(20_000), fc.nat(20_000)), { minLength: 1, maxLength: 5 }), (size, pairs) => {
        const header = `bytes=${pairs.map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`).join(',')}`;
        const plan = planRanges({ range: header }, size, validators);
        if (plan.kind !== 'partial') return;
        for (const range of plan.ranges) {
          expect(range.start).to.be.at.least(0);
          expect(range.end).to.be.below(size);
          expect(range.start).to.be.at.most(range.end);
        }
      }),
    );
  });
});
