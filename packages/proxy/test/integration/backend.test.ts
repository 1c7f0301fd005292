import { expect } from 'chai';
import { cloudfront, createAccel, verifyCloudFrontUrl, type AccelTarget } from '@cdn-accel/core';
import { objectHandler, policySourceIp, recordingLogger, rsaKeys } from '@cdn-accel/contract-tests';
import { createAccelBackend, type AccelBackend, type BackendServerOptions } from '../../src/index.js';
import { rawExchange } from './support/raw-exchange.js';
import { get, startServer, type TestServer } from './support/servers.js';

// Whole seconds, fixed for the engine and the verifier; the signer checks expiries against the real clock.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const OBJECT = Buffer.from('0123456789'.repeat(10));

describe('createAccelBackend (the backend of an Nginx internal location, in-process)', () => {
  const { privateKey, publicKey } = rsaKeys();
  let origin: TestServer;
  let backend: AccelBackend | undefined;
  let base: string;
  let logger: ReturnType<typeof recordingLogger>;

  const locations = (): Record<string, AccelTarget> => ({
    '/protected/': cloudfront({ url: 'https://d1.cloudfront.net/media/', keyPairId: 'K1', privateKey, expiresIn: 300, carryHeaders: { contentDisposition: true } }),
    '/bound/': cloudfront({ url: 'https://d1.cloudfront.net/bound/', keyPairId: 'K1', privateKey, ip: 'client' }),
    '/kms-down/': cloudfront({ url: 'https://d1.cloudfront.net/down/', keyPairId: 'K1', keyType: 'rsa', sign: () => Promise.reject(new Error('KMS key disabled')) }),
    '/media/': cloudfront({ url: `${origin.url}/`, keyPairId: 'K1', privateKey, mode: 'stream' }),
  });

  async function start(options: BackendServerOptions = {}): Promise<void> {
    logger = recordingLogger();
    backend = createAccelBackend({ accel: createAccel({ locations: locations(), cache: false, now: () => NOW, logger }), logger, ...options });
    base = `http://127.0.0.1:${(await backend.listen()).port}`;
  }

  const verify = (url: string, clientIp?: string) =>
    verifyCloudFrontUrl(url, { publicKeys: { K1: publicKey }, now: () => NOW, ...(clientIp === undefined ? {} : { clientIp }) });

  before(async () => {
    origin = await startServer(objectHandler({ '/books/a.bin': OBJECT }));
  });

  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  after(async () => {
    await origin.close();
  });

  it('answers the internal path with the signed redirect, the relayed Content-Disposition signed into it', async () => {
    await start();
    const res = await get(`${base}/protected/books/moby%20dick.pdf?v=1`, { headers: { 'X-Accel-App-Content-Disposition': 'attachment; filename="moby dick.pdf"' } });
    expect(res.status).to.equal(302);
    expect(res.headers['cache-control']).to.equal('private, no-store');
    expect(res.headers['content-length']).to.equal('0');
    expect(res.headers['set-cookie']).to.equal(undefined);
    const location = res.headers.location as string;
    expect(location).to.match(/^https:\/\/d1\.cloudfront\.net\/media\/books\/moby%20dick\.pdf\?v=1&response-content-disposition=/);
    expect(new URL(location).searchParams.get('response-content-disposition')).to.equal('attachment; filename="moby dick.pdf"');
    expect(verify(location)).to.deep.include({ ok: true });
  });

  it('takes the signature\'s lifetime from X-Accel-App-X-Accel-Expires, and ignores an X-Accel-Expires request header', async () => {
    await start();
    const expires = async (headers: Record<string, string>) => Number(new URL((await get(`${base}/protected/a.pdf`, { headers })).headers.location as string).searchParams.get('Expires'));
    expect(await expires({ 'X-Accel-App-X-Accel-Expires': '60' })).to.equal(NOW / 1000 + 60);
    expect(await expires({ 'X-Accel-Expires': '60' })).to.equal(NOW / 1000 + 300);
  });

  it('SECURITY: ignores app headers a client could send under their own names (Content-Disposition)', async () => {
    await start();
    const res = await get(`${base}/protected/a.pdf`, { headers: { 'Content-Disposition': 'inline; filename="evil.html"' } });
    expect(new URL(res.headers.location as string).searchParams.has('response-content-disposition')).to.equal(false);
  });

  it('answers 404 for an unmapped or unsafe path, 500 when signing fails, as the proxy does', async () => {
    await start();
    const unmapped = await get(`${base}/archive/a.pdf`);
    expect(unmapped.status).to.equal(404);
    expect(unmapped.body.toString()).to.match(/location/i);
    for (const path of ['/protected/../etc/passwd', '/protected/a/%2e%2e/b', '/protected/a%00b', '/protected//b']) {
      const res = await rawExchange(Number(new URL(base).port), `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(res.text, path).to.match(/^HTTP\/1\.1 404 /);
      expect(res.text, path).to.contain('unsafe internal path');
    }
    const failed = await get(`${base}/kms-down/a.pdf`);
    expect(failed.status).to.equal(500);
    expect(failed.body.toString()).to.equal('Internal Server Error\n');
    expect(logger.lines.join('\n')).to.contain('ERR_ACCEL_SIGNING_FAILED');
  });

  it('answers other methods as the engine does (303), and HEAD like GET', async () => {
    await start();
    expect((await get(`${base}/protected/a.pdf`, { method: 'POST' })).status).to.equal(303);
    expect((await get(`${base}/protected/a.pdf`, { method: 'HEAD' })).status).to.equal(302);
  });

  it('streams a stream location, with Range, and leaves off the app headers Nginx adds itself', async () => {
    await start();
    const whole = await get(`${base}/media/books/a.bin`);
    expect(whole.status).to.equal(200);
    expect(whole.body).to.deep.equal(OBJECT);
    expect(whole.headers).to.include({ etag: '"v1"', 'content-type': 'application/octet-stream' });
    expect(whole.headers['x-amz-request-id']).to.equal(undefined);
    const part = await get(`${base}/media/books/a.bin`, { headers: { Range: 'bytes=0-4', 'X-Accel-App-Content-Disposition': 'attachment; filename="a.bin"', 'X-Accel-App-Cache-Control': 'private, max-age=60' } });
    expect(part.status).to.equal(206);
    expect(part.body.toString()).to.equal('01234');
    expect(part.headers['content-disposition']).to.equal(undefined);
    expect(part.headers['cache-control']).to.equal(undefined);
  });

  describe('ip: \'client\'', () => {
    it('untrusted, binds to the TCP peer (Nginx) whatever X-Real-IP says, and warns at startup', async () => {
      await start();
      expect(logger.lines.join('\n')).to.contain('trustForwarded is off');
      const res = await get(`${base}/bound/a.pdf`, { headers: { 'X-Real-IP': '203.0.113.7' } });
      expect(policySourceIp(res.headers.location as string)).to.equal('127.0.0.1/32');
    });

    it('trusted, binds to X-Real-IP', async () => {
      await start({ trustForwarded: true });
      expect(logger.lines.join('\n')).not.to.contain('trustForwarded is off');
      const res = await get(`${base}/bound/a.pdf`, { headers: { 'X-Real-IP': '203.0.113.7', 'X-Forwarded-For': '198.51.100.1, 203.0.113.7' } });
      const location = res.headers.location as string;
      expect(policySourceIp(location)).to.equal('203.0.113.7/32');
      expect(verify(location, '203.0.113.7')).to.deep.include({ ok: true });
      expect(verify(location, '198.51.100.1')).to.deep.include({ ok: false, reason: 'ip-mismatch' });
    });

    it('SECURITY: trusted without X-Real-IP, answers 500 and logs the directive to add', async () => {
      await start({ trustForwarded: true });
      const res = await get(`${base}/bound/a.pdf`, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
      expect(res.status).to.equal(500);
      expect(res.headers.location).to.equal(undefined);
      expect(logger.lines.join('\n')).to.contain('proxy_set_header X-Real-IP $remote_addr;');
    });
  });

  it('answers the health path itself', async () => {
    await start({ healthPath: '/healthz' });
    const res = await get(`${base}/healthz`);
    expect(res.status).to.equal(200);
    expect(res.body.toString()).to.equal('{"status":"ok"}\n');
  });

  it('logs one access entry per request', async () => {
    const entries: Array<{ outcome: string; status: number; code?: string }> = [];
    await start({ accessLog: (entry) => entries.push(entry) });
    await get(`${base}/protected/a.pdf`);
    await get(`${base}/archive/a.pdf`);
    await get(`${base}/media/books/a.bin`);
    expect(entries.map(({ outcome, status, code }) => ({ outcome, status, code }))).to.deep.equal([
      { outcome: 'redirect', status: 302, code: undefined },
      { outcome: 'error', status: 404, code: 'ERR_ACCEL_UNMAPPED' },
      { outcome: 'stream', status: 200, code: undefined },
    ]);
  });

  // SECURITY: the backend's request target is the app's X-Accel-Redirect value: a signed() query is a credential.
  it('logs the internal path without its query', async () => {
    const entries: Array<{ url: string }> = [];
    await start({ accessLog: (entry) => entries.push(entry) });
    await get(`${base}/protected/a.pdf?X-Amz-Credential=AKIDEXAMPLE&X-Amz-Signature=f0e1d2c3`);
    await get(`${base}/protected/b.pdf`);
    expect(entries.map(({ url }) => url)).to.deep.equal(['/protected/a.pdf?…', '/protected/b.pdf']);
  });

  it('refuses bad options at creation, naming the field', () => {
    const accel = createAccel({ locations: { '/p/': cloudfront({ url: 'https://d1.cloudfront.net/', keyPairId: 'K1', privateKey }) } });
    expect(() => createAccelBackend({} as never)).to.throw(/^accel: is missing\. Pass createAccelBackend\(\{ accel: createAccel\(\{ locations \}\) \}\) or createAccelBackend\(\{ locations \}\)/);
    expect(() => createAccelBackend({ accel, healthPath: 'healthz' })).to.throw(/^healthPath: /);
    expect(() => createAccelBackend({ accel, streamTimeout: -1 })).to.throw(/^streamTimeout: /);
    expect(() => createAccelBackend({ accel, trustForwarded: 'yes' as never })).to.throw(/^trustForwarded: /);
  });
});
