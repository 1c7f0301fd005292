import { expect } from 'chai';
import fc from 'fast-check';
import { rawHeaderView } from '../../../src/server/raw-header-view.js';

const NAMES = ['X-Accel-Redirect', 'x-accel-redirect', 'X-ACCEL-EXPIRES', 'Set-Cookie', 'Content-Type', 'content-disposition', 'X-Other'];

describe('rawHeaderView', () => {
  it('finds a header in any case and keeps repeats as a list, in order', () => {
    const view = rawHeaderView(['X-Accel-Redirect', '/a', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2', 'Content-Length', '0']);
    expect(view.getHeader('x-accel-redirect')).to.equal('/a');
    expect(view.getHeader('X-Accel-Redirect')).to.equal('/a');
    expect(view.getHeader('set-cookie')).to.deep.equal(['a=1', 'b=2']);
    expect(view.getHeader('x-accel-expires')).to.equal(undefined);
  });

  it('agrees with a case-insensitive filter of the raw list (property)', () => {
    const pair = fc.tuple(fc.constantFrom(...NAMES), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 8 }), fc.constantFrom(...NAMES), (pairs, asked) => {
        const values = pairs.filter(([name]) => name.toLowerCase() === asked.toLowerCase()).map(([, value]) => value);
        const expected = values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
        expect(rawHeaderView(pairs.flat()).getHeader(asked)).to.deep.equal(expected);
      }),
    );
  });
});
