import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudfront, createAccel, type StreamLocationOptions } from '@cdn-accel/core';
import { files } from '@cdn-accel/files';
import type { AppHandler, AppResponse, ContractDriver, RunningApp } from './driver.js';
import { KEY_PAIR_ID, recordingLogger, rsaKeys } from './fixtures.js';
import { accelHeadersIn, firstChunkSize, receivedShortlyAfter, sendBytes, type BytesResponse } from './http-client.js';
import { objectHandler, startServer, type TestServer } from './origin-server.js';

const OBJECT = Buffer.from('0123456789'.repeat(100));

/** Nginx's `expires 1h; add_header X-Content-Type-Options nosniff; add_header Cache-Control public; add_header X-Frame-Options DENY always;`. */
const OPTIONS: StreamLocationOptions = {
  expires: 3600,
  addHeaders: { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'public', 'X-Frame-Options': { value: 'DENY', always: true } },
};

/** The app sends X-Accel-Redirect to the path asked for, with a Cache-Control and an Expires of its own, and `?rate=` as X-Accel-Limit-Rate. */
const app: AppHandler = (req): AppResponse => {
  const url = new URL(req.url, 'http://x');
  const headers: Array<[string, string]> = [
    ['X-Accel-Redirect', url.pathname],
    ['Cache-Control', 'private, max-age=5'],
    ['Expires', 'Thu, 01 Jan 1970 00:00:00 GMT'],
    ['X-App-Only', 'dropped'],
  ];
  const rate = url.searchParams.get('rate');
  if (rate !== null) headers.push(['X-Accel-Limit-Rate', rate]);
  return { headers, body: 'app body, never sent' };
};

/**
 * Whether the reply's Expires lies `seconds` after some moment between `sentAt` and `receivedAt` (the client's
 * clock, to the second HTTP dates keep). Not against the reply's Date: Node refreshes that once a second on a
 * timer, which runs late on a busy machine.
 */
function expiresAfter(reply: BytesResponse, seconds: number, sentAt: number, receivedAt: number): boolean {
  const expires = Date.parse(String(reply.headers.expires));
  return expires >= Math.floor(sentAt / 1000) * 1000 + seconds * 1000 && expires <= Math.ceil(receivedAt / 1000) * 1000 + seconds * 1000;
}

/**
 * A location's own `limitRate`, `limitRateAfter`, `expires` and `addHeaders` (Nginx's `limit_rate`,
 * `limit_rate_after`, `expires`, `add_header`) through `driver`, in stream mode and for `files()`. Declares its
 * own `describe` block.
 */
export function runLocationOptionsContract(driver: ContractDriver): void {
  describe(`cdn-accel location options (expires, addHeaders, limitRate): ${driver.name}`, () => {
    let cdn: TestServer;
    let base: string;
    let front: RunningApp;
    const get = (path: string, headers: Record<string, string> = {}): Promise<BytesResponse> => sendBytes(front.url, path, { headers });

    before(async () => {
      cdn = await startServer(objectHandler({ '/books/a.bin': OBJECT }));
      base = mkdtempSync(join(tmpdir(), 'cdn-accel-location-options-'));
      mkdirSync(join(base, 'books'));
      writeFileSync(join(base, 'books', 'a.bin'), OBJECT);
      const { privateKey } = rsaKeys();
      const stream = (options: StreamLocationOptions) => cloudfront({ url: `${cdn.url}/`, keyPairId: KEY_PAIR_ID, privateKey, mode: 'stream', ...options });
      const accel = createAccel({
        locations: {
          '/stream/': stream(OPTIONS),
          '/files/': files({ root: base, ...OPTIONS }),
          '/slow-stream/': stream({ limitRate: 10 }),
          '/slow-files/': files({ root: base, limitRate: 10 }),
          '/after/': files({ root: base, limitRate: 10, limitRateAfter: 500 }),
        },
        logger: recordingLogger(),
      });
      await accel.ready();
      front = await driver.start({ accel, app });
    });

    after(async () => {
      await front?.close();
      await cdn?.close();
      rmSync(base, { recursive: true, force: true });
    });

    for (const location of ['/stream/', '/files/']) {
      describe(location === '/stream/' ? 'stream mode' : 'files()', () => {
        it("replaces the app's and the object's Cache-Control and Expires (expires), then adds the headers", async () => {
          for (const headers of [{}, { Range: 'bytes=10-19' }] as Array<Record<string, string>>) {
            const sentAt = Date.now();
            const reply = await get(`${location}books/a.bin`, headers);
            const receivedAt = Date.now();
            expect(reply.status).to.be.oneOf([200, 206]);
            expect(reply.headers['cache-control']).to.equal('max-age=3600, public');
            expect(expiresAfter(reply, 3600, sentAt, receivedAt), String(reply.headers.expires)).to.equal(true);
            expect(reply.headers['x-content-type-options']).to.equal('nosniff');
            expect(reply.headers['x-frame-options']).to.equal('DENY');
            expect(reply.headers['x-app-only']).to.equal(undefined);
            expect(accelHeadersIn(reply.headers)).to.deep.equal([]);
          }
        });

        it('adds them to a 304 too', async () => {
          const etag = String((await get(`${location}books/a.bin`)).headers.etag);
          const cached = await get(`${location}books/a.bin`, { 'If-None-Match': etag });
          expect(cached.status).to.equal(304);
          expect(cached.headers['x-content-type-options']).to.equal('nosniff');
          expect(cached.headers['cache-control']).to.equal('max-age=3600, public');
        });

        it("adds only the always headers to cdn-accel's own answer for a missing object, as to Nginx's error pages", async () => {
          const missing = await get(`${location}books/missing.bin`);
          expect(missing.status).to.equal(404);
          expect(missing.headers['x-frame-options']).to.equal('DENY');
          expect(missing.headers['x-content-type-options']).to.equal(undefined);
          expect(missing.headers['x-app-only']).to.equal(undefined);
          expect(missing.headers['cache-control']).not.to.equal('max-age=3600, public');
          expect(missing.body.toString()).not.to.include('app body');
        });

        it('adds only the always headers to a 416, and leaves its caching headers alone', async () => {
          const past = await get(`${location}books/a.bin`, { Range: 'bytes=5000-5009' });
          expect(past.status).to.equal(416);
          expect(past.headers['x-frame-options']).to.equal('DENY');
          expect(past.headers['x-content-type-options']).to.equal(undefined);
          expect(past.headers['cache-control']).to.equal('private, max-age=5');
        });
      });
    }

    it("limits the rate from the location (limitRate); the app's X-Accel-Limit-Rate: 0 lifts it", async () => {
      for (const location of ['/slow-stream/', '/slow-files/']) {
        expect(await firstChunkSize(front.url, `${location}books/a.bin`), location).to.be.below(OBJECT.length / 10);
        // Reading it whole proves the limit lifted: at 10 bytes a second it would outlast the test's timeout.
        expect((await get(`${location}books/a.bin?rate=0`)).body, location).to.deep.equal(OBJECT);
      }
    });

    it('sends limitRateAfter bytes before the limit applies', async () => {
      // The first 500 come at once (at 10 bytes a second alone they would outlast the test's timeout), then the limit.
      expect(await receivedShortlyAfter(front.url, '/after/books/a.bin', 500, 300)).to.be.below(OBJECT.length);
    });
  });
}
