import { generateKeyPairSync, sign } from 'node:crypto';
import { ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import compression from 'compression';
import express from 'express';
import express4 from 'express4';
import { accelHeadersIn, send, sendBytes, TrackedBody } from '@cdn-accel/contract-tests';
import { cloudfront, type AccelOptions } from '@cdn-accel/core';
import { expressAccel } from '../../src/index.js';
import { listen } from './express-driver.js';
import { loadSecondCopy } from './second-copy.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const factories = { 'Express 5': express, 'Express 4': express4 as unknown as typeof express };
type Adapter = typeof expressAccel;

/** A KMS stand-in: signs with the local key a few milliseconds later, or fails. */
function remoteSign(failure?: Error) {
  return (data: Buffer): Promise<Buffer> => new Promise((resolve, reject) => {
    setTimeout(() => (failure === undefined ? resolve(sign('sha256', data, privateKey)) : reject(failure)), 5);
  });
}

function options(cdn: string): AccelOptions {
  return {
    locations: {
      '/p/': cloudfront({ url: `https://${cdn}/`, keyPairId: 'KTEST', privateKey }),
      // Signed later (a KMS stand-in): the app's whole response has gone through compression before the decision.
      '/kms/': cloudfront({ url: `https://${cdn}/kms/`, keyPairId: 'KTEST', sign: remoteSign(), keyType: 'ecdsa' }),
      '/kms-down/': cloudfront({ url: `https://${cdn}/down/`, keyPairId: 'KTEST', sign: remoteSign(new Error('KMS key disabled')), keyType: 'ecdsa' }),
    },
  };
}

/** Larger than compression's 1 KB threshold, and compressible. */
const BIG = 'cdn-accel '.repeat(600);
const GZIP = { 'Accept-Encoding': 'gzip' };

/** An on-headers style wrapper mounted before everything else: how often each of its methods ran per response. */
function countingWrapper(calls: string[]): express.RequestHandler {
  return (_req, res, next) => {
    const { writeHead, end } = res;
    res.writeHead = function countedWriteHead(this: express.Response, ...args: unknown[]) {
      calls.push('writeHead');
      return (writeHead as (...a: unknown[]) => express.Response).apply(this, args);
    } as typeof res.writeHead;
    res.end = function countedEnd(this: express.Response, ...args: unknown[]) {
      calls.push('end');
      return (end as (...a: unknown[]) => express.Response).apply(this, args);
    } as typeof res.end;
    next();
  };
}

function routes(app: express.Express, bodies: TrackedBody[]): void {
  app.get('/redirect', (_req, res) => {
    res.cookie('sid', 'abc');
    res.set('X-Accel-Redirect', '/p/f.bin').type('text/plain').send(BIG);
  });
  app.get('/piped', (_req, res) => {
    const body = new TrackedBody();
    bodies.push(body);
    res.set('X-Accel-Redirect', '/p/piped.bin').type('text/plain');
    body.pipe(res);
  });
  app.get('/pass', (_req, res) => res.set('X-Accel-Buffering', 'no').type('text/plain').send(BIG));
  app.get('/pass-streamed', (_req, res) => {
    res.set('X-Accel-Buffering', 'no').type('text/plain');
    Readable.from([BIG, BIG, BIG]).pipe(res);
  });
  app.get('/refused', (_req, res) => res.set('X-Accel-Redirect', '/hidden/secret.pdf').type('text/plain').send(BIG));
  app.get('/kms', (_req, res) => res.set('X-Accel-Redirect', '/kms/f.bin').type('text/plain').send(BIG));
  app.get('/kms-down', (_req, res) => res.set('X-Accel-Redirect', '/kms-down/f.bin').type('text/plain').send(BIG));
  app.use((error: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(error.status ?? 500).type('text/plain').send('refused');
  });
}

async function serve(app: express.Express, run: (url: string) => Promise<void>): Promise<void> {
  const running = await listen(app);
  try {
    await run(running.url);
  } finally {
    await running.close();
  }
}

for (const [name, factory] of Object.entries(factories)) {
  describe(`expressAccel twice on one ${name} app`, () => {
    let secondCopy: Adapter;
    before(async () => {
      secondCopy = (await loadSecondCopy()).expressAccel;
    });

    const pairs: Array<[string, () => [Adapter, Adapter]]> = [
      ['two instances of one copy', () => [expressAccel, expressAccel]],
      ['two copies of the package', () => [expressAccel, secondCopy]],
      ['two copies of the package, the other way round', () => [secondCopy, expressAccel]],
    ];
    for (const [variant, adapters] of pairs) {
      it(`${variant}: one redirect, from the innermost; earlier wrappers run once; headers stripped; a piped body destroyed`, async () => {
        const [outer, inner] = adapters();
        expect(outer).to.be.a('function');
        expect(inner).to.be.a('function');
        const calls: string[] = [];
        const bodies: TrackedBody[] = [];
        const app = factory();
        app.use(countingWrapper(calls));
        app.use(outer(options('outer.example')));
        app.use(inner(options('inner.example')));
        routes(app, bodies);
        await serve(app, async (url) => {
          const redirect = await send(url, '/redirect');
          expect(redirect.status).to.equal(302);
          expect(String(redirect.headers.location)).to.match(/^https:\/\/inner\.example\/f\.bin\?/);
          expect(redirect.headers['cache-control']).to.equal('private, no-store');
          expect(redirect.headers['set-cookie']).to.deep.equal(['sid=abc; Path=/']);
          expect(redirect.headers['content-length']).to.equal('0');
          expect(redirect.body).to.equal('');
          expect(calls.splice(0)).to.deep.equal(['end', 'writeHead']);

          const piped = await send(url, '/piped');
          expect(piped.status).to.equal(302);
          expect(piped.body).to.equal('');
          await bodies[0]?.whenClosed;
          expect(bodies[0]?.destroyed).to.equal(true);
          expect(bodies[0]?.bytesRead).to.be.below(bodies[0]?.total ?? 0);
          calls.splice(0);

          const pass = await send(url, '/pass');
          expect(pass.status).to.equal(200);
          expect(pass.body).to.equal(BIG);
          expect(accelHeadersIn(pass.headers)).to.deep.equal([]);
          expect(calls.splice(0)).to.deep.equal(['end', 'writeHead']);

          const refused = await send(url, '/refused');
          expect(refused.status).to.equal(404);
          expect(refused.body).to.equal('refused');
          expect(accelHeadersIn(refused.headers)).to.deep.equal([]);
        });
        // Nothing stacked in a shared place either: the response prototypes are Express's and Node's own.
        expect(Object.getPrototypeOf(app.response)).to.equal(factory.response);
        expect(Object.getPrototypeOf(factory.response)).to.equal(ServerResponse.prototype);
      });
    }
  });

  describe(`expressAccel with compression() mounted after it, ${name}`, () => {
    function compressedApp(bodies: TrackedBody[]): express.Express {
      const app = factory();
      app.use(expressAccel(options('cdn.example')));
      app.use(compression());
      routes(app, bodies);
      return app;
    }

    it('redirects with an empty, uncompressed body and no X-Accel-* header, and destroys a piped body', async () => {
      const bodies: TrackedBody[] = [];
      await serve(compressedApp(bodies), async (url) => {
        for (const path of ['/redirect', '/piped', '/kms']) {
          const response = await sendBytes(url, path, { headers: GZIP });
          expect(response.status, path).to.equal(302);
          expect(String(response.headers.location)).to.match(/^https:\/\/cdn\.example\/(kms\/)?(f|piped)\.bin\?/);
          expect(response.headers['content-encoding']).to.equal(undefined);
          expect(response.headers['content-length']).to.equal('0');
          expect(response.body.length).to.equal(0);
          expect(accelHeadersIn(response.headers)).to.deep.equal([]);
        }
        await bodies[0]?.whenClosed;
        expect(bodies[0]?.bytesRead).to.be.below(bodies[0]?.total ?? 0);
      });
    });

    it('lets a response through compressed and intact, without its X-Accel-* headers, sent whole or streamed', async () => {
      await serve(compressedApp([]), async (url) => {
        for (const [path, expected] of [['/pass', BIG], ['/pass-streamed', BIG.repeat(3)]] as const) {
          const response = await sendBytes(url, path, { headers: GZIP });
          expect(response.status, path).to.equal(200);
          expect(response.headers['content-encoding']).to.equal('gzip');
          expect(gunzipSync(response.body).toString('utf8')).to.equal(expected);
          expect(accelHeadersIn(response.headers)).to.deep.equal([]);
        }
        const identity = await send(url, '/pass');
        expect(identity.headers['content-encoding']).to.equal(undefined);
        expect(identity.body).to.equal(BIG);
        expect(accelHeadersIn(identity.headers)).to.deep.equal([]);
      });
    });

    it('hands a refusal, on the spot or after an async signer failed, to the error handler, without the app\'s body or headers', async () => {
      await serve(compressedApp([]), async (url) => {
        for (const [path, status] of [['/refused', 404], ['/kms-down', 500]] as const) {
          const response = await sendBytes(url, path, { headers: GZIP });
          expect(response.status, path).to.equal(status);
          expect(accelHeadersIn(response.headers)).to.deep.equal([]);
          expect(response.headers['content-encoding']).to.equal(undefined);
          expect(response.body.toString('utf8')).to.equal('refused');
        }
      });
    });
  });
}
