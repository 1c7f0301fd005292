import { expect } from 'chai';
import { CONFLICTING, readListHeader, readSingleHeader } from '../../../src/header/read-header.js';

const view = (value: string | string[] | number | undefined) => ({ getHeader: () => value });

describe('readSingleHeader / readListHeader', () => {
  it('reads strings, numbers and arrays of one distinct value', () => {
    expect(readSingleHeader(view('a'), 'x')).to.equal('a');
    expect(readSingleHeader(view(5), 'x')).to.equal('5');
    expect(readSingleHeader(view(['a', 'a']), 'x')).to.equal('a');
    expect(readSingleHeader(view([]), 'x')).to.equal(undefined);
    expect(readSingleHeader(view(undefined), 'x')).to.equal(undefined);
  });
  // SECURITY: two different X-Accel-Redirect values have no single meaning.
  it('reports conflicting repeated values', () => {
    expect(readSingleHeader(view(['/a', '/b']), 'x')).to.equal(CONFLICTING);
  });
  it('joins list headers', () => {
    expect(readListHeader(view(['no-cache', 'private']), 'x')).to.equal('no-cache, private');
  });
});
