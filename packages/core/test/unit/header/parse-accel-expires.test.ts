import { expect } from 'chai';
import { parseAccelExpires } from '../../../src/header/parse-accel-expires.js';

describe('parseAccelExpires', () => {
  const now = 1_700_000_000;
  it('takes seconds and clamps them to the maximum', () => {
    expect(parseAccelExpires('30', now, 300)).to.equal(30);
    expect(parseAccelExpires(' 30 ', now, 300)).to.equal(30);
    expect(parseAccelExpires('3000', now, 300)).to.equal(300);
  });
  it('takes Nginx @epoch absolute times', () => {
    expect(parseAccelExpires(`@${now + 45}`, now, 300)).to.equal(45);
    expect(parseAccelExpires(`@${now + 4500}`, now, 300)).to.equal(300);
    expect(parseAccelExpires(`@${now - 5}`, now, 300)).to.equal(1);
  });
  it('ignores 0 (Nginx "do not cache"), negatives, fractions and junk', () => {
    for (const value of [undefined, '', '0', '-5', '1.5', 'abc', '10s', '@', '1e3', '9999999999999']) {
      expect(parseAccelExpires(value, now, 300), String(value)).to.equal(undefined);
    }
  });
});
