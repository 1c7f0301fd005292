import { expect } from 'chai';
import { resolveValidity } from '../../../src/time/resolve-validity.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');

describe('resolveValidity', () => {
  it('turns expiresIn into now + seconds, by the injected clock', () => {
    expect(resolveValidity({ expiresIn: 300 }, NOW)).to.deep.equal({ dateLessThan: NOW / 1000 + 300, dateGreaterThan: undefined });
    expect(resolveValidity({ expiresIn: 0.5 }, NOW + 600).dateLessThan).to.equal(NOW / 1000 + 1);
  });

  it('takes dateLessThan and dateGreaterThan', () => {
    expect(resolveValidity({ dateLessThan: '2026-01-01T18:00:00Z', dateGreaterThan: new Date(NOW) }, NOW)).to.deep.equal({ dateLessThan: 1767290400, dateGreaterThan: NOW / 1000 });
  });

  it('requires an expiry, and one kind only', () => {
    expect(() => resolveValidity({} as never, NOW)).to.throw(/expiry is required/);
    expect(() => resolveValidity({ expiresIn: 60, dateLessThan: '2026-01-01T18:00:00Z' } as never, NOW)).to.throw(/not both/);
    for (const bad of [0, -5, Number.NaN, Infinity, '60']) {
      expect(() => resolveValidity({ expiresIn: bad } as never, NOW), String(bad)).to.throw(/positive number of seconds/);
    }
  });

  it('refuses an expiry already past by its clock unless allowPastExpiry', () => {
    expect(() => resolveValidity({ dateLessThan: new Date(NOW) }, NOW)).to.throw(/already past/).with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    expect(resolveValidity({ dateLessThan: new Date(NOW - 1000) }, NOW, { allowPastExpiry: true }).dateLessThan).to.equal(NOW / 1000 - 1);
  });

  it('refuses a start at or after the expiry', () => {
    expect(() => resolveValidity({ expiresIn: 60, dateGreaterThan: new Date(NOW + 60_000) }, NOW)).to.throw(/active date.*before the expiration/);
  });

  it('refuses an expiresIn that runs past 2^31 seconds', () => {
    expect(() => resolveValidity({ expiresIn: 2 ** 31 }, NOW)).to.throw(/2\^31/);
  });
});
