import { expect } from 'chai';
import fc from 'fast-check';
import { createAmzDateFormatter, parseAmzDate, toAmzDate } from '../../../src/sigv4/amz-date.js';

describe('sigv4/amz-date', () => {
  it('formats the ISO 8601 basic form', () => {
    expect(toAmzDate(Date.parse('2015-08-30T12:36:00.999Z'))).to.equal('20150830T123600Z');
  });

  it('parses what it formats (property, whole seconds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_799 }), (seconds) => {
        expect(parseAmzDate(toAmzDate(seconds * 1000))).to.equal(seconds * 1000);
      }),
    );
  });

  it('refuses malformed and impossible dates', () => {
    for (const bad of ['2015-08-30T12:36:00Z', '20150830T123600', '20150230T000000Z', '20151301T000000Z', '20150830T246000Z', ' 20150830T123600Z']) {
      expect(parseAmzDate(bad), bad).to.equal(undefined);
    }
  });

  it('the cached formatter changes when the second changes, not before', () => {
    const format = createAmzDateFormatter();
    const base = Date.parse('2024-02-29T23:59:59Z');
    expect(format(base)).to.equal('20240229T235959Z');
    expect(format(base + 999)).to.equal('20240229T235959Z');
    expect(format(base + 1000)).to.equal('20240301T000000Z');
    expect(format(base)).to.equal('20240229T235959Z');
  });
});
