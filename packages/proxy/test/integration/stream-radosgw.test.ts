import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { createAccel, s3 } from '@cdn-accel/core';
import { createAccelProxy, type AccelProxy } from '../../src/index.js';
// One radosgw helper for the repository: core's integration suite owns it.
import { createBucketWith, startRadosgw, type Radosgw, type RadosgwState } from '../../../core/test/integration/support/radosgw.js';
import { get, startServer, type TestServer } from './support/servers.js';

const objects = new Map<string, Buffer>([
  ['books/moby dick.pdf', randomBytes(256 * 1024)],
  ['unicode/é中文 plus+sign.txt', Buffer.from('unicode object\n')],
]);

describe('stream mode through the proxy against a real radosgw (Ceph S3)', function () {
  this.timeout(180_000);
  let radosgw: Radosgw | undefined;
  let state: RadosgwState;
  let app: TestServer;
  let proxy: AccelProxy;
  let base: string;
  const bucket = `cdn-accel-stream-${Date.now().toString(36)}`;

  before(async function () {
    radosgw = await startRadosgw(this, 'radosgw stream suite');
    state = radosgw.state;
    await createBucketWith(state, bucket, objects, 'application/octet-stream');
    const credentials = { accessKeyId: state.accessKeyId, secretAccessKey: state.secretAccessKey };

    const accel = createAccel({
      locations: { '/reports/': s3({ bucket, region: state.region, endpoint: state.endpoint, forcePathStyle: true, credentials, mode: 'stream' }) },
    });
    await accel.ready();
    app = await startServer((req, res) => {
      const key = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice('/download/'.length));
      res.writeHead(200, {
        'X-Accel-Redirect': `/reports/${key.split('/').map(encodeURIComponent).join('/')}`,
        'Content-Disposition': 'attachment; filename="report.bin"',
        'Content-Length': '0',
      });
      res.end();
    });
    proxy = createAccelProxy({ accel, upstream: app.url });
    base = `http://127.0.0.1:${(await proxy.listen()).port}`;
  });

  after(async () => {
    await proxy?.close();
    await app?.close();
    await radosgw?.stop();
  });

  const url = (key: string): string => `${base}/download/${encodeURIComponent(key)}`;

  for (const [key, bytes] of objects) {
    it(`streams ${JSON.stringify(key)} byte for byte, without showing S3`, async () => {
      const res = await get(url(key), { headers: { Cookie: 'sid=secret', Authorization: 'Bearer app-token' } });
      expect(res.status, res.body.toString()).to.equal(200);
      expect(res.body.equals(bytes)).to.equal(true);
      expect(res.headers['content-length']).to.equal(String(bytes.length));
      expect(res.headers['content-disposition']).to.equal('attachment; filename="report.bin"');
      expect(res.headers.etag).to.match(/^"[0-9a-f]+"$/);
      expect(Object.keys(res.headers).filter((name) => name.startsWith('x-amz') || name.startsWith('x-rgw'))).to.deep.equal([]);
      expect(JSON.stringify(res.headers)).not.to.contain(state.endpoint);
    });
  }

  it('returns 206 with Content-Range for a Range request', async () => {
    const bytes = objects.get('books/moby dick.pdf') as Buffer;
    const res = await get(url('books/moby dick.pdf'), { headers: { Range: 'bytes=100-199' } });
    expect(res.status).to.equal(206);
    expect(res.headers['content-range']).to.equal(`bytes 100-199/${bytes.length}`);
    expect(res.body.equals(bytes.subarray(100, 200))).to.equal(true);
  });

  it('returns 416 for a range past the end', async () => {
    const res = await get(url('books/moby dick.pdf'), { headers: { Range: 'bytes=999999999-' } });
    expect(res.status).to.equal(416);
  });

  it('returns 304 for a matching If-None-Match, and HEAD with the length (signed as HEAD)', async () => {
    const first = await get(url('books/moby dick.pdf'), { method: 'HEAD' });
    expect(first.status).to.equal(200);
    expect(first.headers['content-length']).to.equal(String((objects.get('books/moby dick.pdf') as Buffer).length));
    expect(first.body.length).to.equal(0);
    const again = await get(url('books/moby dick.pdf'), { headers: { 'If-None-Match': String(first.headers.etag) } });
    expect(again.status).to.equal(304);
  });

  it('returns 404 for an object that does not exist', async () => {
    expect((await get(url('books/missing.pdf'))).status).to.equal(404);
  });
});
