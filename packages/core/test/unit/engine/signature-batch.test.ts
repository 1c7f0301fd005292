import { expect } from 'chai';
import { createAccel } from '../../../src/engine/create-accel.js';
import type { AccelDecision, RedirectDecision } from '../../../src/contract/decision.js';
import { fakeTarget, view } from './fake-target.js';

const T0 = 1_800_000_000_000;
const location = (decision: AccelDecision): string => ((decision as RedirectDecision).headers.find(([name]) => name === 'Location') ?? [])[1] ?? '';

/** A target that signs like local CloudFront keys: synchronously, with a background variant for refreshes. */
function localKeyTarget(sign?: (key: string) => string) {
  return fakeTarget({
    signAhead: (input) => Promise.resolve({ url: `https://cdn.example/${input.key}?ahead` }),
    ...(sign === undefined ? {} : { signWith: (input) => ({ url: sign(input.key) }) }),
  });
}

describe('createAccel / batched signatures', () => {
  it('signs the misses of one event-loop turn together, once its I/O callbacks are done', async () => {
    const target = localKeyTarget();
    const accel = createAccel({ locations: { '/p/': target }, now: () => T0 });
    const pending = ['/p/a', '/p/b', '/p/c'].map((path) => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': path })));
    for (const decision of pending) expect(decision).to.be.an.instanceOf(Promise);
    expect(target.calls).to.have.length(0);
    await new Promise(setImmediate);
    expect(target.calls.map((call) => call.key)).to.deep.equal(['a', 'b', 'c']);
    const decisions = await Promise.all(pending);
    expect(decisions.map(location)).to.deep.equal(target.calls.map((call) => `https://cdn.example/${call.key}?e=${call.expiresAt}`));
    // Cached now: answered synchronously, with the same URL.
    expect(location(accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/b' })) as AccelDecision)).to.equal(location(decisions[1]!));
  });

  it('signs an object asked for twice in one turn once', async () => {
    const target = localKeyTarget();
    const accel = createAccel({ locations: { '/p/': target }, now: () => T0 });
    const pending = [1, 2].map(() => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/same' })));
    // The second waits for the first's signature in the batch.
    expect(pending[1]).to.be.an.instanceOf(Promise);
    const both = await Promise.all(pending);
    expect(target.calls).to.have.length(1);
    expect(location(both[0]!)).to.equal(location(both[1]!));
  });

  it('batches every request with the cache off, and signs each', async () => {
    const target = localKeyTarget();
    const accel = createAccel({ locations: { '/p/': target }, cache: false, now: () => T0 });
    const pending = [1, 2].map(() => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a' })));
    expect(target.calls).to.have.length(0);
    await Promise.all(pending);
    expect(target.calls).to.have.length(2);
    expect(accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a' }))).to.be.an.instanceOf(Promise);
  });

  it('fails only the request whose signature threw; the rest of its batch is answered', async () => {
    const target = localKeyTarget((key) => {
      if (key === 'bad') throw new Error('secret key material');
      return `https://cdn.example/${key}`;
    });
    const accel = createAccel({ locations: { '/p/': target } });
    const [good, bad] = (await Promise.allSettled(['/p/good', '/p/bad'].map((path) => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': path }))))) as [PromiseFulfilledResult<AccelDecision>, PromiseRejectedResult];
    expect(location(good.value)).to.equal('https://cdn.example/good');
    expect(bad.reason).to.include({ code: 'ERR_ACCEL_SIGNING_FAILED', status: 500 });
    expect(String((bad.reason as Error).message)).not.to.include('secret key material');
  });

  it('signs on the spot for targets without a background variant (S3, KMS), and for any with batchSignatures: false', () => {
    const s3Like = fakeTarget();
    const local = localKeyTarget();
    const accel = createAccel({ locations: { '/s3/': s3Like, '/cf/': local } });
    expect(accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/s3/a' }))).to.have.property('kind', 'redirect');
    expect(accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/cf/a' }))).to.be.an.instanceOf(Promise);
    const unbatched = createAccel({ locations: { '/cf/': local }, batchSignatures: false });
    expect(unbatched.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/cf/b' }))).to.have.property('kind', 'redirect');
    expect(s3Like.calls).to.have.length(1);
  });
});
