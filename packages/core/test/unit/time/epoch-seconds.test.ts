import { expect } from 'chai';
import fc from 'fast-check';
import { MAX_EPOCH_SECONDS, toEpochSeconds } from '../../../src/time/epoch-seconds.js';

describe('toEpochSeconds', () => {
  it('reads a Date and ISO-8601 strings with Z or an offset', () => {
    expect(toEpochSeconds(new Date('2026-01-01T18:00:00Z'), 'f', 'floor')).to.equal(1767290400);
    expect(toEpochSeconds('2026-01-01T18:00:00Z', 'f', 'floor')).to.equal(1767290400);
    expect(toEpochSeconds('2026-01-01T20:00:00+02:00', 'f', 'floor')).to.equal(1767290400);
    expect(toEpochSeconds('2026-01-01T17:30:00-0030', 'f', 'floor')).to.equal(1767290400);
    expect(toEpochSeconds('2026-01-01T18:00Z', 'f', 'floor')).to.equal(1767290400);
  });

  it('rounds sub-seconds down for an expiry and up for a start', () => {
    expect(toEpochSeconds('2026-01-01T18:00:00.200Z', 'f', 'floor')).to.equal(1767290400);
    expect(toEpochSeconds('2026-01-01T18:00:00.200Z', 'f', 'ceil')).to.equal(1767290401);
  });

  it('never takes a bare number or a numeric string (unit unknown)', () => {
    expect(() => toEpochSeconds(1767290400, 'policy.dateLessThan', 'floor')).to.throw(/no unit.*expiresIn/).with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    expect(() => toEpochSeconds('1767290400', 'f', 'floor')).to.throw(/ISO-8601/);
  });

  it('refuses date-times without a zone, invalid dates and non-dates', () => {
    for (const value of ['2026-01-01T18:00:00', '2026-01-01', 'tomorrow', '2026-02-30T00:00:00Z', new Date('x'), null, {}]) {
      expect(() => toEpochSeconds(value, 'f', 'floor'), String(value)).to.throw().with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    }
  });

  it('refuses instants beyond 2^31 - 1 seconds and before 1970', () => {
    expect(toEpochSeconds(new Date(MAX_EPOCH_SECONDS * 1000), 'f', 'floor')).to.equal(MAX_EPOCH_SECONDS);
    expect(() => toEpochSeconds(new Date((MAX_EPOCH_SECONDS + 1) * 1000), 'f', 'floor')).to.throw(/2\^31/);
    expect(() => toEpochSeconds('1969-12-31T23:59:59Z', 'f', 'floor')).to.throw(/epoch range/);
  });

  it('round-trips any in-range Date through its ISO string', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_EPOCH_SECONDS }), (seconds) => {
      const date = new Date(seconds * 1000);
      expect(toEpochSeconds(date.toISOString(), 'f', 'floor')).to.equal(seconds);
      expect(toEpochSeconds(date, 'f', 'ceil')).to.equal(seconds);
    }));
  });
});
