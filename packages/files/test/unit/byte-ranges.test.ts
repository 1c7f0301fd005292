import { expect } from 'chai';
import { MAX_PARTS, planRanges } from '../../src/byte-ranges.js';
import { layoutMultipart } from '../../src/multipart.js';

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

describe('layoutMultipart', () => {
  it('counts the body’s length exactly', () => {
    const ranges = [{ start: 0, end: 4 }, { start: 10, end: 10 }];
    const layout = layoutMultipart(ranges, 100, 'text/plain');
    const body = Buffer.concat([layout.heads[0] as Buffer, Buffer.alloc(5), layout.heads[1] as Buffer, Buffer.alloc(1), layout.trailer]);
    expect(layout.length).to.equal(body.length);
    expect(body.toString('latin1')).to.match(new RegExp(`^--${layout.boundary}\\r\\nContent-Type: text/plain\\r\\nContent-Range: bytes 0-4/100\\r\\n\\r\\n`));
    expect((layout.heads[1] as Buffer).toString('latin1')).to.equal(`\r\n--${layout.boundary}\r\nContent-Type: text/plain\r\nContent-Range: bytes 10-10/100\r\n\r\n`);
    expect(layout.trailer.toString('latin1')).to.equal(`\r\n--${layout.boundary}--\r\n`);
  });
});
