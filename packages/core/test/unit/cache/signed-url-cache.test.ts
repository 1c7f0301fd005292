import { expect } from 'chai';
import { resolveCacheOptions, SignedUrlCache } from '../../../src/cache/signed-url-cache.js';

describe('SignedUrlCache', () => {
  it('serves an entry until its own stale time, then drops it', () => {
    const cache = new SignedUrlCache<{ url: string }>(10);
    cache.set('k', { url: 'u' }, 2_000, 1_000);
    expect(cache.get('k', 1_999)?.url).to.equal('u');
    expect(cache.get('k', 2_000)).to.equal(undefined);
    expect(cache.size).to.equal(0);
  });

  it('is bounded by entries (LRU)', () => {
    const cache = new SignedUrlCache<{ n: number }>(2);
    cache.set('a', { n: 1 }, 10_000, 0);
    cache.set('b', { n: 2 }, 10_000, 0);
    cache.get('a', 1);
    cache.set('c', { n: 3 }, 10_000, 0);
    expect(cache.get('b', 1)).to.equal(undefined);
    expect(cache.get('a', 1)?.n).to.equal(1);
  });

  it('does not store what is already stale', () => {
    const cache = new SignedUrlCache<{ n: number }>(2);
    cache.set('a', { n: 1 }, 5, 5);
    expect(cache.size).to.equal(0);
  });

  it('shares one in-flight signing per key and forgets it once settled', async () => {
    const cache = new SignedUrlCache<{ n: number }>(2);
    let resolve!: (value: { n: number }) => void;
    const promise = cache.track('k', new Promise((done) => (resolve = done)));
    expect(cache.pending('k')).to.equal(promise);
    resolve({ n: 1 });
    await promise;
    expect(cache.pending('k')).to.equal(undefined);
  });

  it('validates its options', () => {
    expect(resolveCacheOptions(false)).to.equal(null);
    expect(resolveCacheOptions(undefined)).to.deep.equal({ max: 10_000, window: 60 });
    expect(resolveCacheOptions({ window: 30 })).to.deep.equal({ max: 10_000, window: 30 });
    for (const bad of [{ max: 0 }, { max: 1.5 }, { window: -1 }, { window: 'x' }, 'yes']) {
      expect(() => resolveCacheOptions(bad as never)).to.throw().with.property('code', 'ERR_ACCEL_CONFIG');
    }
  });
});
