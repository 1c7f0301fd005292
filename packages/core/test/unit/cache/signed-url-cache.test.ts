import { expect } from 'chai';
import { claimRefresh, resolveCacheOptions, SignedUrlCache } from '../../../src/cache/signed-url-cache.js';

describe('SignedUrlCache', () => {
  it('serves an entry until its own stale time, then drops it', () => {
    const cache = new SignedUrlCache<{ url: string }>(10);
    cache.set('k', { url: 'u' }, 2_000, Infinity, 1_000);
    expect(cache.get('k', 1_999)?.value.url).to.equal('u');
    expect(cache.get('k', 2_000)).to.equal(undefined);
    expect(cache.size).to.equal(0);
  });

  it('is bounded by entries (LRU)', () => {
    const cache = new SignedUrlCache<{ n: number }>(2);
    cache.set('a', { n: 1 }, 10_000, Infinity, 0);
    cache.set('b', { n: 2 }, 10_000, Infinity, 0);
    cache.get('a', 1);
    cache.set('c', { n: 3 }, 10_000, Infinity, 0);
    expect(cache.get('b', 1)).to.equal(undefined);
    expect(cache.get('a', 1)?.value.n).to.equal(1);
  });

  // SECURITY: keys hold paths a client may choose; `max` of the longest would hold several times the budget.
  it('is bounded by the estimated memory of its entries as well: long keys count for more', () => {
    const cache = new SignedUrlCache<{ n: number }>(100);
    for (let n = 0; n < 100; n += 1) cache.set(`${n}/${'x'.repeat(3000)}`, { n }, 10_000, Infinity, 0);
    expect(cache.size).to.be.within(15, 30);
    expect(cache.get(`0/${'x'.repeat(3000)}`, 1)).to.equal(undefined);
    for (let n = 0; n < 100; n += 1) cache.set(`${n}`, { n }, 10_000, Infinity, 0);
    expect(cache.size).to.equal(100);
  });

  it('does not store what is already stale', () => {
    const cache = new SignedUrlCache<{ n: number }>(2);
    cache.set('a', { n: 1 }, 5, Infinity, 5);
    expect(cache.size).to.equal(0);
  });

  it('lets one caller claim the refresh of an entry, once its refresh time has come', () => {
    const cache = new SignedUrlCache<{ n: number }>(2);
    cache.set('k', { n: 1 }, 2_000, 1_500, 0);
    const entry = cache.get('k', 1_000)!;
    expect(claimRefresh(entry, 1_499)).to.equal(false);
    expect(claimRefresh(entry, 1_500)).to.equal(true);
    expect(claimRefresh(entry, 1_600)).to.equal(false);
  });

  it('serves a refreshed successor only from the moment its predecessor goes stale', () => {
    const cache = new SignedUrlCache<{ n: number }>(2);
    cache.set('k', { n: 1 }, 2_000, 1_500, 0);
    const first = cache.get('k', 1_500)!;
    cache.storeSuccessor('k', first, { n: 2 }, 4_000, 3_500, 1_600);
    expect(cache.get('k', 1_999)?.value.n).to.equal(1);
    expect(cache.get('k', 2_000)?.value.n).to.equal(2);
    expect(cache.get('k', 3_999)?.value.n).to.equal(2);
    expect(cache.get('k', 4_000)).to.equal(undefined);
  });

  it('stores a refresh that lands after its predecessor went, and drops one that another signature overtook', () => {
    const cache = new SignedUrlCache<{ n: number }>(2);
    cache.set('gone', { n: 1 }, 2_000, 1_500, 0);
    const gone = cache.get('gone', 1_500)!;
    expect(cache.get('gone', 2_000)).to.equal(undefined);
    cache.storeSuccessor('gone', gone, { n: 2 }, 4_000, 3_500, 2_100);
    expect(cache.get('gone', 2_200)?.value.n).to.equal(2);

    cache.set('overtaken', { n: 1 }, 2_000, 1_500, 0);
    const overtaken = cache.get('overtaken', 1_500)!;
    cache.set('overtaken', { n: 3 }, 5_000, 4_500, 1_600);
    cache.storeSuccessor('overtaken', overtaken, { n: 2 }, 4_000, 3_500, 1_700);
    expect(cache.get('overtaken', 2_500)?.value.n).to.equal(3);
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
