import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import Koa from 'koa';
import { accelHeadersIn, send } from '@cdn-accel/contract-tests';
import { cloudfront, createAccel } from '@cdn-accel/core';
import type { ServerResponse } from 'node:http';
import { koaAccel } from '../../src/index.js';
import { Koa2App, listen } from '../integration/koa-driver.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const accel = createAccel({ locations: { '/p/': cloudfront({ url: 'https://cdn.example/', keyPairId: 'KTEST', privateKey }) } });

type Writer = (res: ServerResponse) => void;

/** A chunked body with trailers, two of them internal. */
const withTrailers: Writer = (res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', Trailer: 'X-Accel-Redirect, Server-Timing' });
  res.addTrailers({ 'X-Accel-Redirect': '/p/secret.pdf', 'X-Sendfile': '/srv/secret.pdf', 'Server-Timing': 'raw;dur=1' });
  res.write('ra');
  res.end('w');
};

/** Ways an app writes Node's response itself once it has set `ctx.respond = false`. */
const writers: Record<string, { now: boolean; write: Writer; trailers?: true }> = {
  'setHeader, then end(), before next() resolves': {
    now: true,
    write: (res) => {
      res.statusCode = 200;
      res.setHeader('X-Accel-Redirect', '/p/secret.pdf');
      res.setHeader('X-Sendfile', '/srv/secret.pdf');
      res.end('raw');
    },
  },
  'writeHead with the headers as its argument': {
    now: true,
    write: (res) => {
      res.writeHead(200, { 'X-Accel-Redirect': '/p/secret.pdf', 'X-Lighttpd-Send-File': '/srv/x', 'Content-Type': 'text/plain' });
      res.end('raw');
    },
  },
  'setHeader, then write() later, after next() resolved': {
    now: false,
    write: (res) => {
      res.statusCode = 200;
      res.setHeader('X-Accel-Redirect', '/p/secret.pdf');
      res.setHeader('x-accel-buffering', 'no');
      res.write('ra');
      res.end('w');
    },
  },
  'trailers after a chunked body, before next() resolves': { now: true, write: withTrailers, trailers: true },
  'trailers after a chunked body, after next() resolved': { now: false, write: withTrailers, trailers: true },
};

const setNowWriteLater: Writer = (res) => {
  res.statusCode = 200;
  res.setHeader('X-Accel-Redirect', '/p/secret.pdf');
};

for (const [framework, App] of [['Koa 3', Koa as unknown as typeof Koa2App], ['Koa 2', Koa2App]] as const) {
  describe(`koaAccel with ctx.respond = false (${framework})`, () => {
    for (const [way, { now, write, trailers }] of Object.entries(writers)) {
      it(`SECURITY: strips internal headers when the app writes ctx.res itself: ${way}`, async () => {
        const app = new App();
        app.use(koaAccel(accel));
        app.use((ctx) => {
          ctx.respond = false;
          if (now) write(ctx.res);
          else setImmediate(() => write(ctx.res));
        });
        const running = await listen(app);
        try {
          const response = await send(running.url, '/raw');
          expect(response.status).to.equal(200);
          expect(response.body).to.equal('raw');
          expect(accelHeadersIn(response.headers)).to.deep.equal([]);
          expect(response.trailers).to.deep.equal(trailers === true ? { 'server-timing': 'raw;dur=1' } : {});
          if (trailers === true) expect(response.headers.trailer).to.equal('Server-Timing');
        } finally {
          await running.close();
        }
      });
    }

    it('leaves the response to the app when it sets X-Accel-Redirect and writes the body later', async () => {
      const app = new App();
      app.use(koaAccel(accel));
      app.use((ctx) => {
        ctx.respond = false;
        setNowWriteLater(ctx.res);
        setImmediate(() => ctx.res.end('raw'));
      });
      const running = await listen(app);
      try {
        const response = await send(running.url, '/raw');
        expect(response.status).to.equal(200);
        expect(response.body).to.equal('raw');
        expect(accelHeadersIn(response.headers)).to.deep.equal([]);
      } finally {
        await running.close();
      }
    });
  });
}
