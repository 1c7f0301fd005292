import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { createAccel, s3 } from '@cdn-accel/core';
import { createAccelProxy, type AccelProxy } from '../../src/index.js';
import { get, startServer, type TestServer } from './support/servers.js';

const run = promisify(execFile);
// The S3 engineer's scripts: a throw-away Ceph cluster (monitor, memstore OSD, radosgw) on 127.0.0.1.
const scripts = fileURLToPath(new URL('../../../../scripts/radosgw/', import.meta.url));

interface RadosgwState {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const objects = new Map<string, Buffer>([
  ['books/moby dick.pdf', randomBytes(256 * 1024)],
  ['unicode/é中文 plus+sign.txt', Buffer.from('unicode object\n')],
]);

describe('stream mode through the proxy against a real radosgw (Ceph S3)', function () {
  this.timeout(180_000);
  let state: RadosgwState;
  let stateFile: string | undefined;
  let stateDir: string | undefined;
  let app: TestServer;
  let proxy: AccelProxy;
  let base: string;
  const bucket = `cdn-accel-stream-${Date.now().toString(36)}`;

  before(async function () {
    // RADOSGW_STATE reuses an instance started by hand (scripts/radosgw/start.sh) across runs.
    const reuse = process.env.RADOSGW_STATE;
    try {
      if (reuse === undefined) {
        stateDir = await mkdtemp(join(tmpdir(), 'cdn-accel-rgw-stream-'));
        stateFile = join(stateDir, 'state.json');
        await run('bash', [join(scripts, 'start.sh'), stateFile], { timeout: 150_000 });
      }
      state = JSON.parse(readFileSync(reuse ?? (stateFile as string), 'utf8')) as RadosgwState;
    } catch (error) {
      const reason = `radosgw could not be started: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`;
      if (process.env.CI === 'true') throw new Error(reason);
      process.stderr.write(`\n  !!! SKIPPING the radosgw stream suite: ${reason.trim()}\n\n`);
      this.skip();
    }
    const credentials = { accessKeyId: state.accessKeyId, secretAccessKey: state.secretAccessKey };
    const client = new S3Client({
      region: state.region,
      endpoint: state.endpoint,
      forcePathStyle: true,
      credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const [key, bytes] of objects) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: 'application/octet-stream' }));
    client.destroy();

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
    if (stateFile !== undefined) await run('bash', [join(scripts, 'stop.sh'), stateFile], { timeout: 30_000 }).catch(() => undefined);
    if (stateDir !== undefined) await rm(stateDir, { recursive: true, force: true });
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
