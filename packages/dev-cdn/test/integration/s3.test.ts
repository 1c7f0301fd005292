import { expect } from 'chai';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { BOOK, S3_ACCESS_KEY_ID, S3_SECRET, rawRequest, startHarness, targetOf, type Harness } from './harness.js';

describe('dev-cdn against @aws-sdk/s3-request-presigner', () => {
  let h: Harness;
  let client: S3Client;
  const presign = (command: GetObjectCommand | HeadObjectCommand, expiresIn = 60) => getSignedUrl(client, command, { expiresIn });

  before(async () => {
    h = await startHarness();
    client = new S3Client({
      region: 'eu-west-1',
      endpoint: h.cdn.url.replace(/\/$/, ''),
      forcePathStyle: true,
      credentials: { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET },
      systemClockOffset: 0,
    });
  });
  after(async () => {
    client.destroy();
    await h.close();
  });

  it('serves a presigned GET (path style) with its signed response-content-disposition', async () => {
    const url = await presign(new GetObjectCommand({ Bucket: 'books', Key: 'moby dick.pdf', ResponseContentDisposition: 'attachment; filename="Moby Dick.pdf"' }));
    const res = await rawRequest(h.cdn.port, targetOf(url));
    expect(res.status, res.body.toString()).to.equal(200);
    expect(res.body.equals(BOOK)).to.equal(true);
    expect(res.headers['content-disposition']).to.equal('attachment; filename="Moby Dick.pdf"');
  });

  it('serves Range requests on a presigned URL', async () => {
    const url = await presign(new GetObjectCommand({ Bucket: 'books', Key: 'moby dick.pdf' }));
    const res = await rawRequest(h.cdn.port, targetOf(url), { headers: { range: 'bytes=100-109' } });
    expect(res.status).to.equal(206);
    expect(res.body.equals(BOOK.subarray(100, 110))).to.equal(true);
  });

  it('binds the method: a URL signed for HEAD answers HEAD and refuses GET', async () => {
    const url = await presign(new HeadObjectCommand({ Bucket: 'books', Key: 'moby dick.pdf' }));
    expect((await rawRequest(h.cdn.port, targetOf(url), { method: 'HEAD' })).status).to.equal(200);
    const get = await rawRequest(h.cdn.port, targetOf(url));
    expect(get.status).to.equal(403);
    expect(get.body.toString()).to.contain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('refuses an expired URL, an unknown access key and a tampered key with S3\'s codes', async () => {
    const url = await presign(new GetObjectCommand({ Bucket: 'books', Key: 'moby dick.pdf' }), 5);
    h.clock.now += 6_000;
    try {
      const expired = await rawRequest(h.cdn.port, targetOf(url));
      expect(expired.status).to.equal(403);
      expect(expired.body.toString()).to.contain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
    } finally {
      h.clock.now -= 6_000;
    }
    const other = new S3Client({ region: 'eu-west-1', endpoint: h.cdn.url.replace(/\/$/, ''), forcePathStyle: true, credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' } });
    const unknown = await getSignedUrl(other, new GetObjectCommand({ Bucket: 'books', Key: 'moby dick.pdf' }), { expiresIn: 60 });
    other.destroy();
    expect((await rawRequest(h.cdn.port, targetOf(unknown))).body.toString()).to.contain('<Code>InvalidAccessKeyId</Code>');
    const good = new URL(await presign(new GetObjectCommand({ Bucket: 'books', Key: 'moby dick.pdf' })));
    good.pathname = '/media/videos/42/index.m3u8';
    const moved = await rawRequest(h.cdn.port, targetOf(good.href));
    expect(moved.status).to.equal(403);
    expect(moved.body.toString()).to.contain('<Code>SignatureDoesNotMatch</Code>');
  });
});
