import { expect } from 'chai';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { cloudfront, createAccel, s3, verifyCloudFrontUrl, verifyS3PresignedUrl, type Accel, type AccelOptions } from '@cdn-accel/core';
import { fromAwsBase64 } from '@cdn-accel/core/internal';
import type { AppHandler, AppResponse, ContractDriver, RunningApp } from './driver.js';
import { CDN_BASE, CDN_HOST, KEY_PAIR_ID, recordingLogger, remoteSign, rsaKeys, S3_CREDENTIALS, S3_HOST, TrackedBody, VIDEO_BASE, type RecordingLogger } from './fixtures.js';
import { accelHeadersIn, send, type ClientResponse } from './http-client.js';
import { runNginxRulesContract } from './run-nginx-rules-contract.js';
import { runProviderContract } from './run-provider-contract.js';
import { runSignedContract } from './run-signed-contract.js';
import { runFilesContract } from './run-files-contract.js';
import { runLocationOptionsContract } from './run-location-options-contract.js';
import { runStreamContract } from './run-stream-contract.js';

/** The locations every contract run uses. */
function contractLocations(): AccelOptions['locations'] {
  const { privateKey } = rsaKeys();
  return {
    '/protected/': cloudfront({ url: CDN_BASE, keyPairId: KEY_PAIR_ID, privateKey, expiresIn: 300 }),
    '/protected/bound/': cloudfront({ url: `${CDN_BASE}bound/`, keyPairId: KEY_PAIR_ID, privateKey, expiresIn: 300, ip: 'client' }),
    '/videos/': cloudfront({ url: VIDEO_BASE, keyPairId: KEY_PAIR_ID, privateKey, expiresIn: 600, mode: 'cookies' }),
    '/kms/': cloudfront({ url: `${CDN_BASE}kms/`, keyPairId: KEY_PAIR_ID, sign: remoteSign(20), keyType: 'rsa', expiresIn: 300 }),
    '/kms-down/': cloudfront({ url: `${CDN_BASE}down/`, keyPairId: KEY_PAIR_ID, sign: remoteSign(5, new Error('KMS key disabled')), keyType: 'rsa' }),
    '/reports/': s3({ bucket: 'acme-reports', region: 'eu-west-1', prefix: 'pdf/', expiresIn: 60, credentials: S3_CREDENTIALS }),
  };
}

const publicKeys = (): Record<string, import('node:crypto').KeyObject> => ({ [KEY_PAIR_ID]: rsaKeys().publicKey });

function header(response: ClientResponse, name: string): string {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join('\n') : (value ?? '');
}

function cookies(response: ClientResponse): string[] {
  const value = response.headers['set-cookie'];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function expectRefusal(response: ClientResponse, status: number, secret: string): void {
  expect(response.status).to.equal(status);
  expect(response.headers.location).to.equal(undefined);
  expect(accelHeadersIn(response.headers)).to.deep.equal([]);
  // SECURITY: the refusal's body never shows the internal path or the header.
  expect(response.body).not.to.include(secret);
  expect(response.body.toLowerCase()).not.to.include('x-accel-redirect');
}

/**
 * The behaviour every front end must show (issue 4, "Behaviour" and "Security"), stream mode included. Call it
 * inside a test file; it declares its own `describe` blocks and starts servers through `driver`.
 */
export function runAccelContract(driver: ContractDriver): void {
  describe(`cdn-accel contract: ${driver.name}`, function () {
    let app: RunningApp;
    let accel: Accel;
    let logger: RecordingLogger;
    let respond: AppHandler = () => ({ body: 'unset' });
    const answer = (response: AppResponse): void => {
      respond = () => response;
    };

    before(async function () {
      logger = recordingLogger();
      accel = createAccel({ locations: contractLocations(), logger });
      await accel.ready();
      app = await driver.start({ accel, app: (request) => respond(request) });
    });
    after(async () => app?.close());
    beforeEach(() => {
      logger.lines.length = 0;
    });

    it('passes a response without X-Accel-Redirect through, minus every internal header', async () => {
      answer({ status: 201, headers: [['Content-Type', 'text/plain'], ['X-Accel-Limit-Rate', '100'], ['X-Sendfile', '/etc/passwd'], ['X-LIGHTTPD-send-file', '/x'], ['X-Custom', 'kept']], body: 'hello' });
      const response = await send(app.url, '/plain');
      expect(response.status).to.equal(201);
      expect(response.body).to.equal('hello');
      expect(response.headers['x-custom']).to.equal('kept');
      expect(accelHeadersIn(response.headers)).to.deep.equal([]);
    });

    it("SECURITY: passes the app's trailers but the internal ones, and its Trailer header names only those", async () => {
      answer({
        headers: [['Content-Type', 'text/plain'], ['Trailer', 'X-Accel-Redirect, X-Sendfile, Server-Timing']],
        body: Readable.from([Buffer.from('hello')]),
        trailers: [['X-Accel-Redirect', '/protected/secret.pdf'], ['X-Sendfile', '/srv/secret.pdf'], ['Server-Timing', 'db;dur=5']],
      });
      const response = await send(app.url, '/chunked');
      expect(response.body).to.equal('hello');
      expect(response.trailers).to.deep.equal({ 'server-timing': 'db;dur=5' });
      expect(String(response.headers.trailer).toLowerCase()).to.equal('server-timing');
    });

    it('turns X-Accel-Redirect into a 302 to a verifiable signed CloudFront URL, with an empty body', async () => {
      answer({ status: 200, headers: [['X-Accel-Redirect', '/protected/books/moby%20dick.pdf'], ['Content-Type', 'text/html'], ['X-Custom', 'dropped'], ['Set-Cookie', 'session=abc; Path=/']], body: 'app body' });
      const response = await send(app.url, '/download/42');
      expect(response.status).to.equal(302);
      const location = header(response, 'location');
      expect(location.startsWith(`${CDN_BASE}books/moby%20dick.pdf?Expires=`)).to.equal(true, location);
      expect(verifyCloudFrontUrl(location, { publicKeys: publicKeys() }).ok).to.equal(true);
      expect(header(response, 'cache-control')).to.equal('private, no-store');
      expect(response.body).to.equal('');
      expect(response.headers['x-custom']).to.equal(undefined);
      expect(cookies(response)).to.deep.equal(['session=abc; Path=/']);
      expect(accelHeadersIn(response.headers)).to.deep.equal([]);
    });

    it('answers 303 for a POST and keeps the query after the first literal ? verbatim', async () => {
      answer({ headers: [['X-Accel-Redirect', ' /protected/a%3Fb.txt?v=2&x=%41 ']], body: 'created' });
      const response = await send(app.url, '/upload', { method: 'POST' });
      expect(response.status).to.equal(303);
      const location = header(response, 'location');
      expect(location.startsWith(`${CDN_BASE}a%3Fb.txt?v=2&x=%41&Expires=`)).to.equal(true, location);
      expect(verifyCloudFrontUrl(location, { publicKeys: publicKeys() }).ok).to.equal(true);
    });

    it('names the same object for UTF-8 header bytes, a JavaScript string and the percent-encoded form (as Nginx reads bytes)', async () => {
      const forms = { 'UTF-8 bytes': Buffer.from('/protected/books/été.pdf', 'utf8').toString('latin1'), 'JavaScript string': '/protected/books/été.pdf', 'percent-encoded': '/protected/books/%C3%A9t%C3%A9.pdf' };
      for (const [form, value] of Object.entries(forms)) {
        answer({ headers: [['X-Accel-Redirect', value]] });
        const location = header(await send(app.url, '/utf8'), 'location');
        expect(location.startsWith(`${CDN_BASE}books/%C3%A9t%C3%A9.pdf?Expires=`)).to.equal(true, `${form}: ${location}`);
      }
    });

    it('gives repeated requests the identical URL (cache window)', async () => {
      answer({ headers: [['X-Accel-Redirect', '/protected/same.bin']] });
      const first = await send(app.url, '/a');
      const second = await send(app.url, '/b');
      expect(header(first, 'location')).to.equal(header(second, 'location'));
    });

    it('signs S3 URLs with the app Content-Disposition, and HEAD as HEAD; Content-Type stays out by default', async () => {
      answer({ headers: [['X-Accel-Redirect', '/reports/2024/q1 report.pdf'], ['Content-Disposition', 'attachment; filename="q1.pdf"'], ['Content-Type', 'text/html; charset=utf-8']], body: 'x' });
      for (const method of ['GET', 'HEAD']) {
        const response = await send(app.url, '/report', { method });
        expect(response.status).to.equal(302);
        const location = new URL(header(response, 'location'));
        expect(location.host).to.equal(S3_HOST);
        expect(location.pathname).to.equal('/pdf/2024/q1%20report.pdf');
        expect(location.searchParams.get('response-content-disposition')).to.equal('attachment; filename="q1.pdf"');
        expect(location.searchParams.has('response-content-type')).to.equal(false);
        const verified = verifyS3PresignedUrl({ method, url: location.href, host: S3_HOST, secrets: { [S3_CREDENTIALS.accessKeyId]: S3_CREDENTIALS.secretAccessKey } });
        expect(verified.ok).to.equal(true, JSON.stringify(verified));
      }
    });

    it('X-Accel-Expires shortens the lifetime within the location maximum', async () => {
      answer({ headers: [['X-Accel-Redirect', '/protected/short.bin'], ['X-Accel-Expires', '30']] });
      const sentAt = Date.now() / 1000;
      const response = await send(app.url, '/short');
      const expires = Number(new URL(header(response, 'location')).searchParams.get('Expires'));
      // Signed between sending and receiving, to the second, and up to the cache window (a fifth) further.
      expect(expires).to.be.within(Math.floor(sentAt) + 30, Math.ceil(Date.now() / 1000) + 30 + 6);
    });

    it('cookie mode sets CloudFront signed cookies for the folder and redirects to the unsigned URL', async () => {
      answer({ headers: [['X-Accel-Redirect', '/videos/show/42/master.m3u8'], ['Set-Cookie', 'session=abc']] });
      const response = await send(app.url, '/watch/42');
      expect(response.status).to.equal(302);
      expect(header(response, 'location')).to.equal(`${VIDEO_BASE}show/42/master.m3u8`);
      const set = cookies(response);
      expect(set[0]).to.equal('session=abc');
      const signed = set.filter((line) => line.startsWith('CloudFront-'));
      expect(signed.map((line) => line.split('=')[0])).to.include.members(['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);
      for (const line of signed) expect(line).to.match(/; Path=\/.*; Secure; HttpOnly; SameSite=Lax$/);
      const policy = JSON.parse(fromAwsBase64((signed.find((line) => line.startsWith('CloudFront-Policy=')) ?? '').split(';')[0]!.slice(18))!.toString('utf8'));
      expect(policy.Statement[0].Resource).to.equal(`${VIDEO_BASE}show/42/*`);
    });

    it('waits for an async (KMS) signature before writing anything', async () => {
      answer({ status: 200, headers: [['X-Accel-Redirect', '/kms/slow.bin'], ['Content-Type', 'text/plain']], body: 'must not leak' });
      const response = await send(app.url, '/kms');
      expect(response.status).to.equal(302);
      expect(response.body).to.equal('');
      expect(verifyCloudFrontUrl(header(response, 'location'), { publicKeys: publicKeys() }).ok).to.equal(true);
    });

    it('binds the URL to the client IPv4 address with ip: client', async function () {
      if (driver.skip?.clientIpBinding !== undefined) this.skip();
      answer({ headers: [['X-Accel-Redirect', '/protected/bound/file.bin']] });
      const response = await send(app.url, '/bound');
      const location = header(response, 'location');
      expect(verifyCloudFrontUrl(location, { publicKeys: publicKeys(), clientIp: '127.0.0.1' }).ok).to.equal(true);
      expect(verifyCloudFrontUrl(location, { publicKeys: publicKeys(), clientIp: '10.0.0.1' }).ok).to.equal(false);
    });

    it('destroys a streamed app body instead of reading it to the end', async function () {
      if (driver.skip?.streamBodyDestroyed !== undefined) this.skip();
      const body = new TrackedBody();
      answer({ headers: [['X-Accel-Redirect', '/protected/big.iso'], ['Content-Type', 'application/octet-stream']], body });
      const response = await send(app.url, '/big');
      expect(response.status).to.equal(302);
      expect(response.body).to.equal('');
      await body.whenClosed;
      expect(body.bytesRead).to.be.below(body.total);
    });

    it('refuses a path under no location with 404 ERR_ACCEL_UNMAPPED, logged with its code', async () => {
      answer({ headers: [['X-Accel-Redirect', '/secret-internal/thing.pdf'], ['Content-Disposition', 'attachment']], body: 'x' });
      const response = await send(app.url, '/unmapped');
      expectRefusal(response, 404, 'secret-internal');
      expect(response.headers['content-disposition']).to.equal(undefined);
      expect(logger.lines.some((line) => line.includes('ERR_ACCEL_UNMAPPED'))).to.equal(true);
    });

    for (const hostile of ['/protected/../etc/passwd', '/protected/%2e%2e/etc/passwd', '/protected/a%2F%2Fb', '/protected/a%00b', '/protected/a%5Cb', '//evil.example/protected/x', 'https://evil.example/protected/x', '/protected../x', '/protected/a%0d%0aSet-Cookie:%20x=y']) {
      it(`refuses ${JSON.stringify(hostile)} without leaking it`, async () => {
        answer({ headers: [['X-Accel-Redirect', hostile]], body: 'x' });
        const response = await send(app.url, '/hostile');
        expectRefusal(response, 404, hostile.includes('passwd') ? 'passwd' : 'evil');
        expect(logger.lines.some((line) => /ERR_ACCEL_(UNSAFE_PATH|UNMAPPED)/.test(line))).to.equal(true);
      });
    }

    // SECURITY: an app's query must not smuggle signing parameters into the signed URL (a second Signature or
    // Expires would give the URL two meanings at the CDN).
    for (const hostile of ['/protected/a.pdf?Expires=1&Signature=forged&Key-Pair-Id=K', '/protected/a.pdf?x=1&policy=eyJ9forged']) {
      it(`refuses CloudFront signing parameters in the app's query with 404, without leaking them (${hostile.slice(hostile.indexOf('?'))})`, async () => {
        answer({ headers: [['X-Accel-Redirect', hostile]], body: 'x' });
        const response = await send(app.url, '/signed-query');
        expectRefusal(response, 404, 'forged');
      });
    }

    it("never lets SigV4 parameters in the app's query into an S3 URL (S3 locations sign without the app's query)", async () => {
      answer({ headers: [['X-Accel-Redirect', '/reports/a.pdf?X-Amz-Signature=forged&X-Amz-Credential=AKIDFORGED%2F2026']] });
      const response = await send(app.url, '/signed-query');
      expect(response.status).to.equal(302);
      const location = header(response, 'location');
      expect(location).not.to.include('forged').and.not.to.include('FORGED');
      const verified = verifyS3PresignedUrl({ method: 'GET', url: location, host: S3_HOST, secrets: { [S3_CREDENTIALS.accessKeyId]: S3_CREDENTIALS.secretAccessKey } });
      expect(verified.ok).to.equal(true, JSON.stringify(verified));
    });

    it('SECURITY: refuses two different X-Accel-Redirect values with 404', async () => {
      answer({ headers: [['X-Accel-Redirect', '/protected/a.pdf'], ['X-Accel-Redirect', '/protected/b.pdf']], body: 'x' });
      const response = await send(app.url, '/twice');
      expectRefusal(response, 404, '/protected/');
    });

    for (const junk of ['soon', '-30', '1.5', '0x10', '1e3', '@', '9999999999999', '']) {
      it(`keeps the location's lifetime for X-Accel-Expires ${JSON.stringify(junk)}`, async () => {
        answer({ headers: [['X-Accel-Redirect', '/protected/junk-expires.bin'], ['X-Accel-Expires', junk]] });
        const sentAt = Date.now() / 1000;
        const response = await send(app.url, '/junk');
        expect(response.status).to.equal(302);
        const expires = Number(new URL(header(response, 'location')).searchParams.get('Expires'));
        expect(expires).to.be.within(Math.floor(sentAt) + 300, Math.ceil(Date.now() / 1000) + 300 + 60);
        expect(accelHeadersIn(response.headers)).to.deep.equal([]);
      });
    }

    it('answers 500 ERR_ACCEL_SIGNING_FAILED when the signer fails, and logs it', async () => {
      answer({ headers: [['X-Accel-Redirect', '/kms-down/file.bin']], body: 'x' });
      const response = await send(app.url, '/down');
      expectRefusal(response, 500, 'file.bin');
      expect(logger.lines.some((line) => line.includes('ERR_ACCEL_SIGNING_FAILED'))).to.equal(true);
      expect(logger.lines.join('\n')).not.to.include('KMS key disabled');
    });

    it('serves the next request normally after a refusal', async () => {
      answer({ status: 200, headers: [['Content-Type', 'text/plain']], body: 'fine' });
      const response = await send(app.url, '/after');
      expect(response.status).to.equal(200);
      expect(response.body).to.equal('fine');
    });

    // SECURITY: whatever internal headers the app sets, in any case, with any value, none reaches the client, and a
    // Location (when there is one) points at a configured CDN host.
    it('property: no X-Accel-*, X-Sendfile*, X-LIGHTTPD-* header ever reaches the client', async () => {
      const name = fc.constantFrom('X-Accel-Redirect', 'x-accel-expires', 'X-ACCEL-LIMIT-RATE', 'X-Accel-Buffering', 'X-Accel-Charset', 'X-Accel-Custom', 'X-Sendfile', 'x-sendfile-type', 'X-LIGHTTPD-send-file');
      const value = fc.oneof(
        fc.constantFrom('/protected/a.bin', '/protected/../x', '/videos/s/1.ts', '/reports/x.pdf', '/nowhere/x', '//evil.example/x', '/protected/%2e%2e/x', 'no', '0', '12'),
        fc.string({ maxLength: 30 }).map((text) => text.replace(/[^\x20-\x7e]/g, '')),
      );
      await fc.assert(fc.asyncProperty(fc.array(fc.tuple(name, value), { maxLength: 5 }), fc.constantFrom('GET', 'HEAD', 'POST'), async (headers, method) => {
        answer({ status: 200, headers: [['Content-Type', 'text/plain'], ...headers], body: 'x' });
        const response = await send(app.url, '/prop', { method });
        expect(accelHeadersIn(response.headers)).to.deep.equal([]);
        const location = response.headers.location;
        if (location !== undefined) expect([CDN_HOST, 'video.example.com', S3_HOST]).to.include(new URL(String(location)).host);
      }), { numRuns: 60 });
    });

    it('never signs for another host', async () => {
      answer({ headers: [['X-Accel-Redirect', '/protected/x.bin']] });
      const response = await send(app.url, '/x');
      expect(new URL(header(response, 'location')).host).to.equal(CDN_HOST);
    });
  });
  runStreamContract(driver);
  runProviderContract(driver);
  runSignedContract(driver);
  runNginxRulesContract(driver);
  runFilesContract(driver);
  runLocationOptionsContract(driver);
}
