import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { contentDispositionAttachment } from '../../src/s3/content-disposition.js';
import { createS3Presigner } from '../../src/s3/presigner.js';
import { verifyS3PresignedUrl } from '../../src/s3/verify.js';
import type { S3Presigner } from '../../src/s3/options.js';
import { createBucketWith, startRadosgw, type Radosgw, type RadosgwState } from './support/radosgw.js';

// The keys the issue names: each must round-trip through our presigned GET and HEAD.
const AWKWARD_KEYS = ['unicode/é中文😀.txt', 'with space.txt', 'plus+sign.txt', 'a//b', 'dir/', 'a%2Fb', 'a&b=c;d,e:f@g$h', "!*'()", 'tilde~and-dots..x'];

function body(key: string): Buffer {
  return Buffer.concat([Buffer.from(`object ${key}\n`), randomBytes(64)]);
}

describe('S3 presigned URLs against a real radosgw (Ceph)', function () {
  this.timeout(180_000);
  let radosgw: Radosgw | undefined;
  let state: RadosgwState;
  let presigner: S3Presigner;
  const bucket = `cdn-accel-${Date.now().toString(36)}`;
  const objects = new Map(AWKWARD_KEYS.map((key) => [key, body(key)]));

  before(async function () {
    radosgw = await startRadosgw(this, 'radosgw integration suite');
    state = radosgw.state;
    await createBucketWith(state, bucket, objects);
    const credentials = { accessKeyId: state.accessKeyId, secretAccessKey: state.secretAccessKey };
    presigner = createS3Presigner({ region: state.region, endpoint: state.endpoint, credentials });
  });

  after(async () => {
    presigner?.close();
    await radosgw?.stop();
  });

  for (const key of AWKWARD_KEYS) {
    it(`GET and HEAD ${JSON.stringify(key)}`, async () => {
      const expected = objects.get(key) as Buffer;
      const get = await fetch(presigner.presignSync({ bucket, key }));
      expect(get.status, await get.clone().text()).to.equal(200);
      expect(Buffer.from(await get.arrayBuffer()).equals(expected)).to.equal(true);
      const head = await fetch(presigner.presignSync({ bucket, key, method: 'HEAD' }), { method: 'HEAD' });
      expect(head.status).to.equal(200);
      expect(head.headers.get('content-length')).to.equal(String(expected.length));
    });
  }

  it('returns the signed response-content-disposition and response-content-type', async () => {
    const disposition = contentDispositionAttachment('Résumé 2024.pdf');
    const url = presigner.presignSync({ bucket, key: 'with space.txt', responseHeaders: { contentDisposition: disposition, contentType: 'application/pdf', cacheControl: 'private, max-age=60' } });
    const response = await fetch(url);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-disposition')).to.equal(disposition);
    expect(response.headers.get('content-type')).to.equal('application/pdf');
    expect(response.headers.get('cache-control')).to.equal('private, max-age=60');
    await response.arrayBuffer();
  });

  describe('refuses tampered or misused URLs with 403', () => {
    let url: string;
    before(() => {
      url = presigner.presignSync({ bucket, key: 'plus+sign.txt', expiresIn: 300 });
    });

    /** radosgw's answer; our verifier (the emulator's) must agree with it on every case. */
    async function status(target: string, method = 'GET'): Promise<number> {
      const response = await fetch(target, { method });
      await response.arrayBuffer();
      const ours = verifyS3PresignedUrl({ method, url: target, host: new URL(target).host, secrets: { [state.accessKeyId]: state.secretAccessKey } });
      expect(ours.ok, `verifyS3PresignedUrl on ${method} ${target}`).to.equal(response.status === 200);
      return response.status;
    }

    it('a changed signature', async () => {
      const last = url.at(-1) === '0' ? '1' : '0';
      expect(await status(url.slice(0, -1) + last)).to.equal(403);
    });

    it('a changed key (same query on another object)', async () => {
      expect(await status(url.replace('/plus%2Bsign.txt?', '/with%20space.txt?'))).to.equal(403);
    });

    it('a longer X-Amz-Expires', async () => {
      expect(await status(url.replace('X-Amz-Expires=300', 'X-Amz-Expires=3000'))).to.equal(403);
    });

    it('an added unsigned parameter', async () => {
      expect(await status(`${url}&response-content-type=text%2Fhtml`)).to.equal(403);
    });

    it('a GET URL used for HEAD', async () => {
      expect(await status(url, 'HEAD')).to.equal(403);
    });

    it('an expired URL', async () => {
      const expired = presigner.presignSync({ bucket, key: 'plus+sign.txt', expiresIn: 1, signingDate: new Date(Date.now() - 60_000) });
      expect(await status(expired)).to.equal(403);
    });

    it('(control) the untouched URL still works', async () => {
      expect(await status(url)).to.equal(200);
    });
  });
});
