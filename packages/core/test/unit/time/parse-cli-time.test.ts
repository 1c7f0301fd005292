import { expect } from 'chai';
import { parseCliTime } from '../../../src/time/parse-cli-time.js';

describe('parseCliTime (aws cloudfront sign formats)', () => {
  it('reads epoch seconds, a date (midnight UTC), and ISO-8601 with or without a zone (UTC)', () => {
    expect(parseCliTime('1767290400', '--date-less-than').getTime()).to.equal(1767290400_000);
    expect(parseCliTime('2026-01-01', '--date-less-than').toISOString()).to.equal('2026-01-01T00:00:00.000Z');
    expect(parseCliTime('2026-01-01T18:00:00', '--date-less-than').getTime()).to.equal(1767290400_000);
    expect(parseCliTime('2026-01-01T19:00:00+01:00', '--date-less-than').getTime()).to.equal(1767290400_000);
  });

  it('names the option in the error', () => {
    expect(() => parseCliTime('next week', '--date-greater-than')).to.throw(/--date-greater-than/).with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    expect(() => parseCliTime('99999999999', '--date-less-than')).to.throw(/2\^31/);
  });
});
