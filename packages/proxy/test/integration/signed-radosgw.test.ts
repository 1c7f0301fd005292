import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createAccel, signed } from '@cdn-accel/core';
import { createAccelProxy, type AccelProxy } from '../../src/index.js';
// One radosgw helper for the repository: core's integration suite owns it.
import { createBucketWith, startRadosgw, type Radosgw, type RadosgwState } from '../../../core/test/integration/support/radosgw.js';
import { get, startServer, type TestServer } from './support/servers.js';

const objects = new Map<string, Buffer>([
  ['2/ab/moby dick.pdf', randomBytes(128 * 1024)],
  ['unicode/é中文 plus+sign.txt', Buffer.from('unicode object\n')],
]);

/**
 * Zulip's serve_s3 behind the proxy: the app presigns with @aws-sdk/s3-request-presigner (for HEAD when the client
 * sent HEAD, unless `?sign=GET`) and answers `X-Accel-Redirect: /internal/<s3|s3-stream>/<host><quote(path)>?<query>`.
 */
describe('signed() through the proxy against a real radosgw, with URLs presigned by @aws-sdk/s3-request-presigner', function () {
  this.timeout(180_000);
  let radosgw: Radosgw | undefined;
  let state: RadosgwState;
  let client: S3Client;
  let app: TestServer;
  let proxy: AccelProxy;
  let base: string;
  const presigned: string[] = [];
  const bucket = `cdn-accel-signed-${Date.now().toString(36)}`;

  before(async function () {
    radosgw = await startRadosgw(this, 'radosgw signed() suite');
    state = radosgw.state;
    await createBucketWith(state, bucket, objects, 'application/octet-stream');
    client = new S3Client({
      region: state.region,
      endpoint: state.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: state.accessKeyId, secretAccessKey: state.secretAccessKey },
    });
    const hosts = [new URL(state.endpoint).host];
    const accel = createAccel({
      locations: {
        '/internal/s3/': signed({ hosts, protocol: 'http' }),
        '/internal/s3-stream/': signed({ hosts, protocol: 'http', mode: 'stream' }),
      },
    });
    app = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const [, , mode, ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      const head = req.method === 'HEAD' && url.searchParams.get('sign') !== 'GET';
      const command = head ? new HeadObjectCommand({ Bucket: bucket, Key: key }) : new GetObjectCommand({ Bucket: bucket, Key: key });
      getSignedUrl(client, command, { expiresIn: 120 }).then((signedUrl) => {
        presigned.push(signedUrl);
        const object = new URL(signedUrl);
        const quoted = object.pathname.split('/').map(encodeURIComponent).join('/');
        res.writeHead(200, {
          'X-Accel-Redirect': `/internal/${mode === 'stream' ? 's3-stream' : 's3'}/${object.host}${quoted}${object.search}`,
          'Content-Disposition': 'attachment; filename="download.bin"',
          'Cache-Control': 'private, immutable',
          'Content-Length': '0',
        });
        res.end();
      }, (error: unknown) => res.writeHead(500).end(String(error)));
    });
    proxy = createAccelProxy({ accel, upstream: app.url });
    base = `http://127.0.0.1:${(await proxy.listen()).port}`;
  });

  after(async () => {
    await proxy?.close();
    await app?.close();
    client?.destroy();
    await radosgw?.stop();
  });

  const url = (mode: 'redirect' | 'stream', key: string, query = ''): string => `${base}/dl/${mode}/${encodeURIComponent(key)}${query}`;

  for (const [key, bytes] of objects) {
    it(`redirect: ${JSON.stringify(key)} goes to the SDK's URL byte for byte, which radosgw serves`, async () => {
      const res = await get(url('redirect', key));
      expect(res.status, res.body.toString()).to.equal(302);
      expect(res.headers.location).to.equal(presigned.at(-1));
      expect(res.headers['cache-control']).to.equal('private, no-store');
      const object = await get(res.headers.location as string);
      expect(object.status, object.body.toString()).to.equal(200);
      expect(object.body.equals(bytes)).to.equal(true);
    });

    it(`stream: ${JSON.stringify(key)} byte for byte, with the app's headers and none of S3's own`, async () => {
      const res = await get(url('stream', key), { headers: { Cookie: 'sid=secret' } });
      expect(res.status, res.body.toString()).to.equal(200);
      expect(res.body.equals(bytes)).to.equal(true);
      expect(res.headers['content-length']).to.equal(String(bytes.length));
      expect(res.headers['content-disposition']).to.equal('attachment; filename="download.bin"');
      expect(res.headers['cache-control']).to.equal('private, immutable');
      expect(Object.keys(res.headers).filter((name) => name.startsWith('x-amz') || name.startsWith('x-rgw'))).to.deep.equal([]);
      expect(JSON.stringify(res.headers)).not.to.contain(state.endpoint);
    });
  }

  it('stream: a Range gives 206 with Content-Range', async () => {
    const bytes = objects.get('2/ab/moby dick.pdf') as Buffer;
    const res = await get(url('stream', '2/ab/moby dick.pdf'), { headers: { Range: 'bytes=100-199' } });
    expect(res.status).to.equal(206);
    expect(res.headers['content-range']).to.equal(`bytes 100-199/${bytes.length}`);
    expect(res.body.equals(bytes.subarray(100, 200))).to.equal(true);
  });

  it('HEAD, when the app presigns HeadObject for it: the length in stream mode, a URL radosgw answers in redirect mode', async () => {
    const bytes = objects.get('2/ab/moby dick.pdf') as Buffer;
    const streamed = await get(url('stream', '2/ab/moby dick.pdf'), { method: 'HEAD' });
    expect(streamed.status).to.equal(200);
    expect(streamed.headers['content-length']).to.equal(String(bytes.length));
    expect(streamed.body.length).to.equal(0);
    const redirected = await get(url('redirect', '2/ab/moby dick.pdf'), { method: 'HEAD' });
    expect(redirected.status).to.equal(302);
    const object = await get(redirected.headers.location as string, { method: 'HEAD' });
    expect(object.status).to.equal(200);
    expect(object.headers['content-length']).to.equal(String(bytes.length));
  });

  it('HEAD on a URL presigned for GetObject: radosgw refuses the method (403), so stream mode answers 502', async () => {
    const streamed = await get(url('stream', '2/ab/moby dick.pdf', '?sign=GET'), { method: 'HEAD' });
    expect(streamed.status).to.equal(502);
    const redirected = await get(url('redirect', '2/ab/moby dick.pdf', '?sign=GET'), { method: 'HEAD' });
    expect(redirected.status).to.equal(302);
    expect((await get(redirected.headers.location as string, { method: 'HEAD' })).status).to.equal(403);
  });
});
