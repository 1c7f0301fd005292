import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { createAccel } from '../../../src/engine/create-accel.js';
import type { RedirectDecision } from '../../../src/contract/decision.js';
import { verifyCloudFrontUrl } from '../../../src/cloudfront/verify.js';
import { cloudfront } from '../../../src/targets/cloudfront-target.js';
import { s3 } from '../../../src/targets/s3-target.js';
import { view } from './fake-target.js';

// SECURITY: the property — every outcome is a signed URL on the configured host whose decoded key lies
// under the target's prefix, or a refusal; Location never holds CR/LF; nothing else is possible.
describe('decide on hostile X-Accel-Redirect values (fast-check)', function () {
  this.timeout(60_000);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const accel = createAccel({
    locations: {
      '/protected/': cloudfront({ url: 'https://d111.cloudfront.net/media/', keyPairId: 'KTEST', privateKey, expiresIn: 300 }),
      '/reports/': s3({ bucket: 'acme-reports', region: 'eu-west-1', prefix: 'pdf/', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } }),
    },
  });
  before(() => accel.ready());

  const pieces = fc.constantFrom(
    '/', '//', '.', '..', '%2e', '%2E', '%2e%2e', '%252e', '%2f', '%2F', '%252f', '%5c', '\\', '%00', '\u0000', '\r', '\n', '%0d%0a',
    '?', '%3f', '#', '%23', ' ', '%20', 'é', '%C3%A9', '\uD83D\uDE00', '\uD800', '%', '%zz', 'a', 'file.pdf', 'protected', 'protected..',
    'reports', 'http:', 'https://evil.example', '@', ':', '~', '*', ';', '&', '=',
  );
  const value = fc.oneof(
    fc.array(pieces, { maxLength: 14 }).map((parts) => parts.join('')),
    fc.tuple(fc.constantFrom('/protected/', '/reports/', '/protected', '//', ''), fc.array(pieces, { maxLength: 10 })).map(([head, parts]) => head + parts.join('')),
    fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => `/protected/${text}`),
    fc.constant(`/protected/${'a/'.repeat(3000)}x`),
  );

  it('either signs for the configured host under the prefix, or refuses with a documented code', async () => {
    let signed = 0;
    await fc.assert(fc.asyncProperty(value, fc.constantFrom('GET', 'HEAD', 'POST'), async (header, method) => {
      let decision;
      try {
        // CloudFront misses are batched (a promise); S3 signs on the spot.
        decision = await accel.decide({ method }, view({ 'X-Accel-Redirect': header })) as RedirectDecision;
      } catch (error) {
        expect(['ERR_ACCEL_UNSAFE_PATH', 'ERR_ACCEL_UNMAPPED']).to.include((error as { code: string }).code);
        expect((error as { status: number }).status).to.equal(404);
        return;
      }
      expect(decision.kind).to.equal('redirect');
      signed += 1;
      const location = decision.headers.find(([name]) => name === 'Location')![1];
      expect(location).not.to.match(/[\r\n\u0000]/);
      expect(location).to.match(/^[\x21-\x7e]+$/);
      const url = new URL(location);
      const segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
      for (const segment of segments) expect(['', '.', '..']).not.to.include(segment);
      if (url.host === 'd111.cloudfront.net') {
        expect(url.pathname.startsWith('/media/')).to.equal(true);
        expect(verifyCloudFrontUrl(location, { publicKeys: { KTEST: publicKey } }).ok).to.equal(true);
      } else {
        expect(url.host).to.equal('acme-reports.s3.eu-west-1.amazonaws.com');
        expect(url.pathname.startsWith('/pdf/')).to.equal(true);
      }
    }), { numRuns: 1500 });
    // The generators must reach the signing path often, or the property proves little.
    expect(signed).to.be.above(150);
  });
});
