import { expect } from 'chai';
import { durationFlag } from '../../../src/cli/duration-flag.js';

describe('durationFlag (gcloud durations)', () => {
  it('reads seconds, units and ISO 8601', () => {
    const cases: Array<[string, number]> = [['3600', 3600], ['10m', 600], ['12h', 43_200], ['7d', 604_800], ['1h30m', 5400], ['1d2h3m4s', 93_784], ['PT1H', 3600], ['P1DT30M', 88_200], [' 90s ', 90]];
    for (const [text, seconds] of cases) expect(durationFlag('d', text), text).to.equal(seconds);
    expect(durationFlag('d', undefined)).to.equal(undefined);
  });

  it('refuses what is not a duration, zero, and more than the maximum, naming the flag', () => {
    for (const text of ['', 'soon', '0', '0s', '1.5h', '-10', 'P', 'PT', 'h', '1w', '10m1h']) {
      expect(() => durationFlag('duration', text), text).to.throw(/--duration: ".*" is not a duration/);
    }
    expect(() => durationFlag('duration', '8d', 604_800)).to.throw('--duration: 8d is longer than the 604800 s (7 days)');
  });
});
