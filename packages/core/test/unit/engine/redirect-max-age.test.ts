import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { createAccel } from '../../../src/engine/create-accel.js';
import type { RedirectDecision } from '../../../src/contract/decision.js';
import { cloudfront } from '../../../src/targets/cloudfront-target.js';
import { view } from './fake-target.js';

const T0 = 1_800_000_000_000;
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function header(decision: unknown, name: string): string {
  return ((decision as RedirectDecision).headers.find(([key]) => key === name) ?? [])[1] ?? '';
}

/** The URL's remaining life and the redirect's `directive` (max-age or s-maxage), in seconds, at `nowMs`. */
function lifetimes(decision: unknown, nowMs: number, directive = 'max-age'): { remaining: number; maxAge: number } {
  const expires = Number(new URL(header(decision, 'Location')).searchParams.get('Expires'));
  const maxAge = Number(new RegExp(`(?:^|[ ,])${directive}=(\\d+)`).exec(header(decision, 'Cache-Control'))?.[1]);
  return { remaining: expires - nowMs / 1000, maxAge };
}

describe('a redirect is never cacheable longer than its URL lives', () => {
  it('with the cache on and X-Accel-Expires shorter than max-age, at the first request and at later cache hits', async () => {
    let now = T0;
    const accel = createAccel({
      locations: { '/p/': cloudfront({ url: 'https://cdn.example/', keyPairId: 'KTEST', privateKey, expiresIn: 3600, cacheControl: 'private, max-age=3600' }) },
      now: () => now,
      batchSignatures: false,
    });
    await accel.ready();
    const response = view({ 'X-Accel-Redirect': '/p/a.bin', 'X-Accel-Expires': '120' });
    const first = accel.decide({ method: 'GET' }, response);
    const firstAt = lifetimes(first, now);
    expect(firstAt.maxAge).to.be.at.most(firstAt.remaining);
    let hits = 0;
    for (let elapsed = 1; elapsed < 120; elapsed += 1) {
      now = T0 + elapsed * 1000 + 500;
      const later = await accel.decide({ method: 'GET' }, response);
      if (header(later, 'Location') === header(first, 'Location')) hits += 1;
      const { remaining, maxAge } = lifetimes(later, now);
      expect(maxAge, `after ${elapsed} s`).to.be.at.most(remaining);
    }
    // Most of these were cache hits (the same URL), the path that once kept the first request's max-age.
    expect(hits).to.be.above(10);
  });

  it('shortens s-maxage as it shortens max-age', async () => {
    let now = T0;
    const accel = createAccel({
      locations: { '/p/': cloudfront({ url: 'https://cdn.example/', keyPairId: 'KTEST', privateKey, expiresIn: 3600, cacheControl: 'public, max-age=60, s-maxage=3600' }) },
      now: () => now,
      batchSignatures: false,
    });
    const response = view({ 'X-Accel-Redirect': '/p/a.bin', 'X-Accel-Expires': '120' });
    const first = accel.decide({ method: 'GET' }, response);
    const firstAt = lifetimes(first, now, 's-maxage');
    expect(firstAt.maxAge).to.be.at.most(firstAt.remaining);
    let hits = 0;
    for (let elapsed = 1; elapsed < 120; elapsed += 1) {
      now = T0 + elapsed * 1000 + 500;
      const later = await accel.decide({ method: 'GET' }, response);
      if (header(later, 'Location') === header(first, 'Location')) hits += 1;
      const { remaining, maxAge } = lifetimes(later, now, 's-maxage');
      expect(maxAge, `after ${elapsed} s`).to.be.at.most(remaining);
    }
    expect(hits).to.be.above(10);
  });
});
