import { getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { createCloudFrontSigner } from '@cdn-accel/core';
import { BOOK, KEY_PAIR_ID, cookieHeader, rawRequest, startHarness, targetOf, type Harness } from './harness.js';

describe('dev-cdn key group: ECDSA keys and rotation, signed by cdn-accel itself', () => {
  const ecdsa = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  let h: Harness;
  before(async () => {
    h = await startHarness({ publicKeys: {} });
  });
  after(() => h.close());

  async function withKeys(publicKeys: Record<string, unknown>, run: (harness: Harness) => Promise<void>): Promise<void> {
    const harness = await startHarness({ publicKeys: publicKeys as Record<string, string> });
    try {
      await run(harness);
    } finally {
      await harness.close();
    }
  }

  it('refuses everything CloudFront-signed when the key group is empty', async () => {
    const signer = createCloudFrontSigner({ keyPairId: KEY_PAIR_ID, privateKey: h.privateKey, now: () => h.clock.now });
    const res = await rawRequest(h.cdn.port, targetOf(signer.signUrl(`${h.cdn.url}books/moby%20dick.pdf`, { expiresIn: 60 })));
    expect(res.status).to.equal(403);
    expect(res.body.toString()).to.contain('<Code>InvalidKey</Code>');
  });

  it('accepts ECDSA P-256 signed URLs and cookies (SHA-256)', async () => {
    await withKeys({ KECDSA: ecdsa.publicKey }, async (harness) => {
      const signer = createCloudFrontSigner({ keyPairId: 'KECDSA', privateKey: ecdsa.privateKey, now: () => harness.clock.now });
      const url = signer.signUrl(`${harness.cdn.url}books/moby%20dick.pdf`, { expiresIn: 60 });
      expect(url).to.contain('Hash-Algorithm=SHA256');
      const res = await rawRequest(harness.cdn.port, targetOf(url));
      expect(res.status, res.body.toString()).to.equal(200);
      expect(res.body.equals(BOOK)).to.equal(true);
      const cookies = signer.signCookies(`${harness.cdn.url}media/videos/42/*`, { expiresIn: 60 });
      const playlist = await rawRequest(harness.cdn.port, '/media/videos/42/index.m3u8', { headers: { cookie: cookieHeader(cookies.values) } });
      expect(playlist.status).to.equal(200);
    });
  });

  it('accepts an ECDSA URL that @aws-sdk/cloudfront-signer signs over SHA-1 (no Hash-Algorithm), as CloudFront does', async () => {
    await withKeys({ KECDSA: ecdsa.publicKey }, async (harness) => {
      const url = getSignedUrl({
        url: `${harness.cdn.url}books/moby%20dick.pdf`,
        keyPairId: 'KECDSA',
        privateKey: ecdsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        dateLessThan: new Date(harness.clock.now + 60_000).toISOString(),
      });
      expect(url).not.to.contain('Hash-Algorithm');
      const res = await rawRequest(harness.cdn.port, targetOf(url));
      expect(res.status, res.body.toString()).to.equal(200);
    });
  });

  it('rehearses a rotation: URLs from the old and the new key both pass while both are in the group, then only the new one', async () => {
    const oldKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const newKey = ecdsa;
    const rotating = createCloudFrontSigner({
      keys: [{ keyPairId: 'KNEW', privateKey: newKey.privateKey }, { keyPairId: 'KOLD', privateKey: oldKey.privateKey }],
      activeKeyPairId: 'KNEW',
    });
    const previous = createCloudFrontSigner({ keyPairId: 'KOLD', privateKey: oldKey.privateKey });
    await withKeys({ KOLD: oldKey.publicKey, KNEW: newKey.publicKey }, async (harness) => {
      const issuedBefore = previous.signUrl(`${harness.cdn.url}books/moby%20dick.pdf`, { expiresIn: 60 });
      const issuedAfter = rotating.signUrl(`${harness.cdn.url}books/moby%20dick.pdf`, { expiresIn: 60 });
      expect(issuedAfter).to.contain('Key-Pair-Id=KNEW');
      expect((await rawRequest(harness.cdn.port, targetOf(issuedBefore))).status).to.equal(200);
      expect((await rawRequest(harness.cdn.port, targetOf(issuedAfter))).status).to.equal(200);
    });
    await withKeys({ KNEW: newKey.publicKey }, async (harness) => {
      const stale = previous.signUrl(`${harness.cdn.url}books/moby%20dick.pdf`, { expiresIn: 60 });
      expect((await rawRequest(harness.cdn.port, targetOf(stale))).status).to.equal(403);
      expect((await rawRequest(harness.cdn.port, targetOf(rotating.signUrl(`${harness.cdn.url}books/moby%20dick.pdf`, { expiresIn: 60 })))).status).to.equal(200);
    });
  });
});
