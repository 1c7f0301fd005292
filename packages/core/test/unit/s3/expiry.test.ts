import { expect } from 'chai';
import { assertDefaultExpiresIn, resolveExpiresIn } from '../../../src/s3/expiry.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const clamp = { onCredentialExpiry: 'clamp' as const, marginMs: 60_000 };
const longLived = { accessKeyId: 'A', secretAccessKey: 'S' };

describe('s3/expiry', () => {
  it('accepts 1 s to 7 days, refuses the rest per request', () => {
    expect(resolveExpiresIn(1, T0, longLived, clamp)).to.equal(1);
    expect(resolveExpiresIn(604_800, T0, longLived, clamp)).to.equal(604_800);
    for (const bad of [0, -1, 604_801, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => resolveExpiresIn(bad, T0, longLived, clamp), String(bad)).to.throw(/7 days/).with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    }
  });

  it('refuses a default beyond 7 days at startup', () => {
    expect(() => assertDefaultExpiresIn(604_801)).to.throw().with.property('code', 'ERR_ACCEL_CONFIG');
  });

  it('clamps to the temporary credentials\' expiry minus the margin', () => {
    const temporary = { ...longLived, sessionToken: 'T', expiration: new Date(T0 + 600_000) };
    expect(resolveExpiresIn(3600, T0, temporary, clamp)).to.equal(540);
    expect(resolveExpiresIn(300, T0, temporary, clamp)).to.equal(300);
  });

  it('throws instead when asked to, and always when nothing usable is left', () => {
    const temporary = { ...longLived, expiration: new Date(T0 + 600_000) };
    expect(() => resolveExpiresIn(3600, T0, temporary, { ...clamp, onCredentialExpiry: 'throw' })).to.throw(/outlive/).with.property('code', 'ERR_ACCEL_CREDENTIALS');
    const almostGone = { ...longLived, expiration: new Date(T0 + 30_000) };
    expect(() => resolveExpiresIn(10, T0, almostGone, clamp)).to.throw().with.property('code', 'ERR_ACCEL_CREDENTIALS');
  });
});
