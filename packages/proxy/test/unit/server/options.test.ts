import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { cloudfront, createAccel } from '@cdn-accel/core';
import { Pool, type Dispatcher } from 'undici';
import { resolveProxyOptions, type AccelProxyOptions } from '../../../src/server/options.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const locations = { '/protected/': cloudfront({ url: 'https://d1.cloudfront.net/media/', keyPairId: 'K2JCJMDEHXQW5F', privateKey }) };

function configFailure(options: unknown): string {
  try {
    resolveProxyOptions(options as AccelProxyOptions);
  } catch (error) {
    expect((error as { code: string }).code).to.equal('ERR_ACCEL_CONFIG');
    return (error as Error).message;
  }
  throw new Error('expected ERR_ACCEL_CONFIG');
}

describe('resolveProxyOptions', () => {
  it('applies the documented defaults, with an upstream pool of its own', async () => {
    const resolved = resolveProxyOptions({ accel: createAccel({ locations }), upstream: 'http://127.0.0.1:8000' });
    expect(resolved).to.include({ upstreamTimeout: 60_000, streamTimeout: 30_000, shutdownTimeout: 10_000, healthPath: false, accessLog: false, trustForwarded: false, ownsDispatcher: true });
    expect(resolved.upstreamDispatcher).to.be.an.instanceOf(Pool);
    await resolved.upstreamDispatcher.destroy();
  });

  it('takes a dispatcher of the caller, which it does not own', async () => {
    const pool = new Pool('http://127.0.0.1:8000');
    const resolved = resolveProxyOptions({ accel: createAccel({ locations }), upstream: 'http://127.0.0.1:8000', upstreamDispatcher: pool });
    expect(resolved).to.include({ upstreamDispatcher: pool, ownsDispatcher: false });
    await pool.destroy();
  });

  it('builds the engine from locations (with cache, redirectStatus and batchSignatures)', () => {
    const resolved = resolveProxyOptions({ locations, cache: false, redirectStatus: { safe: 307 }, batchSignatures: false, upstream: 'http://127.0.0.1:8000' });
    expect(resolved.accel.locations).to.deep.equal(['/protected/']);
    // Signed on the spot (no promise), with the configured status.
    const decision = resolved.accel.decide({ method: 'GET' }, { getHeader: (name) => (name === 'x-accel-redirect' ? '/protected/a.bin' : undefined) });
    expect(decision).to.include({ kind: 'redirect', status: 307 });
    void resolved.upstreamDispatcher.destroy();
  });

  it('refuses what cannot work, naming the field', () => {
    expect(configFailure({ upstream: 'http://x' })).to.contain('accel');
    expect(configFailure({ accel: createAccel({ locations }), locations, upstream: 'http://x' })).to.contain('both');
    expect(configFailure({ locations, upstream: 'not a url' })).to.contain('upstream');
    expect(configFailure({ locations, upstream: 'ftp://x' })).to.contain('upstream');
    expect(configFailure({ locations, upstream: 'http://x', healthPath: 'healthz' })).to.contain('healthPath');
    expect(configFailure({ locations, upstream: 'http://x', upstreamDispatcher: {} as Dispatcher })).to.contain('upstreamDispatcher');
    expect(configFailure({ locations, upstream: 'http://x', upstreamTimeout: -1 })).to.contain('upstreamTimeout');
    expect(configFailure({ locations, upstream: 'http://x', batchSignatures: 'no' as never })).to.contain('batchSignatures');
    expect(configFailure({ locations, upstream: 'http://x', accessLog: 'yes' })).to.contain('accessLog');
  });

  it('says what it got and how to fix it', () => {
    expect(configFailure({ locations, upstream: 'http://x', upstreamTimeout: '300' as never })).to.contain('upstreamTimeout: expected a whole number of milliseconds ≥ 0, got the string "300". Give e.g. 60000, or 0 for no limit');
    expect(configFailure({ locations, upstream: 'http://x', shutdownTimeout: -5 })).to.contain('got the number -5');
    expect(configFailure({ locations, upstream: 'http://x', healthPath: 'healthz' })).to.contain('healthPath: expected a path starting with "/", got the string "healthz"');
  });
});
