import { expect } from 'chai';
import fc from 'fast-check';
import { windowedExpiry, windowPhase } from '../../../src/cache/expiry-window.js';

describe('windowedExpiry', () => {
  it('gives every request inside one window the same expiry', () => {
    const a = windowedExpiry(1_000_000.2, 300, 60, 0);
    const b = windowedExpiry(1_000_010.9, 300, 60, 0);
    expect(a.expiresAt).to.equal(b.expiresAt);
    expect(a.expiresAt % 60).to.equal(0);
  });

  it('property: the URL lives between lifetime and lifetime + window, and the entry is stale before it has less than lifetime left', () => {
    fc.assert(fc.property(fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }), fc.double({ min: 0, max: 0.999, noNaN: true }), fc.integer({ min: 5, max: 86_400 }), fc.integer({ min: 0, max: 3600 }), fc.nat(), (seconds, fraction, lifetime, windowSeed, phaseSeed) => {
      const window = Math.min(windowSeed, Math.floor(lifetime / 5));
      const phase = window > 1 ? phaseSeed % window : 0;
      const now = seconds + fraction;
      const { expiresAt, staleAt } = windowedExpiry(now, lifetime, window, phase);
      expect(expiresAt - now).to.be.at.least(lifetime);
      expect(expiresAt - now).to.be.below(lifetime + Math.max(window, 1) + 1);
      expect(expiresAt - staleAt).to.equal(lifetime);
      expect(staleAt).to.be.at.least(Math.ceil(now));
      if (window > 1) expect(staleAt).to.be.above(now);
    }));
  });

  it('spreads window boundaries across keys (no stampede at one second)', () => {
    const boundaries = new Set<number>();
    for (let i = 0; i < 1024; i += 1) boundaries.add(windowPhase(`/protected/file-${i}.bin`, 60));
    expect(boundaries.size).to.be.above(50);
  });

  it('is deterministic per key (replicas agree)', () => {
    expect(windowPhase('/a/b', 60)).to.equal(windowPhase('/a/b', 60));
  });
});
