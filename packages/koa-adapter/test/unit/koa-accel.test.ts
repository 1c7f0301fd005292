import { generateKeyPairSync } from 'node:crypto';
import { request } from 'node:http';
import { buffer } from 'node:stream/consumers';
import { expect } from 'chai';
import Koa from 'koa';
import { policySourceIp, send } from '@cdn-accel/contract-tests';
import { cloudfront, createAccel, type AccelOptions } from '@cdn-accel/core';
import { koaAccel } from '../../src/index.js';
import { listen } from '../integration/koa-driver.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function options(): AccelOptions {
  return { locations: { '/p/': cloudfront({ url: 'https://cdn.example/', keyPairId: 'KTEST', privateKey, ip: 'client' }) } };
}

describe('koaAccel', () => {
  it('accepts the options object directly and binds to ctx.ip under app.proxy', async () => {
    const app = new Koa({ proxy: true });
    app.use(koaAccel(options()));
    app.use((ctx) => {
      ctx.set('X-Accel-Redirect', '/p/file.bin');
      ctx.body = 'ignored';
    });
    const running = await listen(app);
    try {
      const response = await send(running.url, '/x', { headers: { 'X-Forwarded-For': '203.0.113.9' } });
      expect(response.status).to.equal(302);
      expect(policySourceIp(String(response.headers.location))).to.equal('203.0.113.9/32');
    } finally {
      await running.close();
    }
  });

  // SECURITY: without app.proxy a client cannot choose the address its URL is bound to.
  it('ignores X-Forwarded-For when app.proxy is off', async () => {
    const app = new Koa();
    app.use(koaAccel(createAccel(options())));
    app.use((ctx) => {
      ctx.set('X-Accel-Redirect', '/p/file.bin');
    });
    const running = await listen(app);
    try {
      const response = await send(running.url, '/x', { headers: { 'X-Forwarded-For': '203.0.113.9' } });
      expect(policySourceIp(String(response.headers.location))).to.equal('127.0.0.1/32');
    } finally {
      await running.close();
    }
  });

  it("routes refusals through Koa's error handling: a try/catch middleware and app.on('error') see the code", async () => {
    const app = new Koa();
    const seen: string[] = [];
    app.on('error', (error: { code?: string }) => seen.push(`app:${error.code}`));
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        seen.push(`mw:${(error as { code?: string }).code}`);
        ctx.status = (error as { status: number }).status;
        ctx.body = 'custom';
      }
    });
    app.use(koaAccel(options()));
    app.use((ctx) => {
      ctx.set('X-Accel-Redirect', '/elsewhere/secret.pdf');
      ctx.set('Content-Disposition', 'attachment');
      ctx.body = 'x';
    });
    const running = await listen(app);
    try {
      const response = await send(running.url, '/x');
      expect(response.status).to.equal(404);
      expect(response.body).to.equal('custom');
      expect(response.headers['x-accel-redirect']).to.equal(undefined);
      expect(response.headers['content-disposition']).to.equal(undefined);
      expect(seen).to.deep.equal(['mw:ERR_ACCEL_UNMAPPED']);
    } finally {
      await running.close();
    }
  });

  it("emits app 'error' when no middleware catches", async () => {
    const app = new Koa();
    app.silent = true;
    const seen: string[] = [];
    app.on('error', (error: { code?: string }) => seen.push(String(error.code)));
    app.use(koaAccel(options()));
    app.use((ctx) => {
      ctx.set('X-Accel-Redirect', '/p/../secret');
    });
    const running = await listen(app);
    try {
      const response = await send(running.url, '/x');
      expect(response.status).to.equal(404);
      expect(response.body).not.to.include('secret');
      expect(seen).to.deep.equal(['ERR_ACCEL_UNSAFE_PATH']);
    } finally {
      await running.close();
    }
  });

  describe('the redirect, whether koaAccel is the outermost middleware or not', () => {
    const accel = createAccel({
      locations: {
        '/p/': cloudfront({ url: 'https://cdn.example/', keyPairId: 'KTEST', privateKey }),
        '/v/': cloudfront({ url: 'https://video.example/', keyPairId: 'KTEST', privateKey, mode: 'cookies' }),
      },
    });

    /** Status line, raw headers in their order (Date left out) and body: what the client gets, byte for byte. */
    function exchange(base: string, path: string, method: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const req = request(new URL(path, base), { method, agent: false }, (res) => {
          buffer(res).then((body) => {
            const lines: string[] = [];
            for (let index = 0; index < res.rawHeaders.length; index += 2) {
              if (res.rawHeaders[index] !== 'Date') lines.push(`${res.rawHeaders[index]}: ${res.rawHeaders[index + 1]}`);
            }
            resolve(`${res.statusCode} ${res.statusMessage}\n${lines.join('\n')}\n\n${body.toString('latin1')}`);
          }, reject);
        });
        req.on('error', reject);
        req.end();
      });
    }

    /** An app whose route answers as an app would for Nginx, with a status, cookies and a body of its own. */
    function appWith(outer: Koa.Middleware | undefined): { app: Koa; statusSets: number[] } {
      const app = new Koa();
      const statusSets: number[] = [];
      // Records the use of Koa's status setter: the redirect goes through Koa's own respond().
      const status = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(app.response), 'status') as PropertyDescriptor;
      Object.defineProperty(app.response, 'status', {
        configurable: true,
        get: status.get,
        set(this: unknown, code: number) {
          statusSets.push(code);
          (status.set as (code: number) => void).call(this, code);
        },
      });
      if (outer !== undefined) app.use(outer);
      app.use(koaAccel(accel));
      app.use((ctx) => {
        ctx.set('X-Accel-Redirect', ctx.path.startsWith('/video') ? '/v/hls/index.m3u8' : '/p/a%20b.pdf');
        ctx.set('Content-Type', 'text/html');
        ctx.append('Set-Cookie', 'session=abc; Path=/');
        ctx.append('Set-Cookie', 'seen=1; Path=/');
        ctx.body = '<p>app body</p>';
        statusSets.length = 0;
        ctx.status = 200;
      });
      return { app, statusSets };
    }

    it('writes the same bytes through Koa\'s setters, outermost or under another middleware', async () => {
      const first = appWith(undefined);
      const wrapped = appWith(async (_ctx, next) => {
        await next();
      });
      const [direct, throughKoa] = await Promise.all([listen(first.app), listen(wrapped.app)]);
      try {
        for (const [method, path] of [['GET', '/file'], ['HEAD', '/file'], ['POST', '/file'], ['GET', '/video']] as const) {
          const expected = await exchange(throughKoa.url, path, method);
          const statuses = [200, 204, method === 'POST' ? 303 : 302];
          expect(wrapped.statusSets, `${method} ${path} under another middleware`).to.deep.equal(statuses);
          expect(await exchange(direct.url, path, method), `${method} ${path}`).to.equal(expected);
          expect(first.statusSets, `${method} ${path} outermost`).to.deep.equal(statuses);
        }
        expect(await exchange(direct.url, '/file', 'GET')).to.match(/^302 Found\nSet-Cookie: session=abc; Path=\/\nSet-Cookie: seen=1; Path=\/\nLocation: https:\/\/cdn\.example\/a%20b\.pdf\?.*\nCache-Control: private, no-store\nContent-Length: 0\nConnection: close\n\n$/);
      } finally {
        await Promise.all([direct.close(), throughKoa.close()]);
      }
    });

    it('sends an empty redirect for an app that answered JSON, outermost or not', async () => {
      for (const outer of [undefined, async (_ctx: Koa.Context, next: Koa.Next) => next()]) {
        const app = new Koa();
        if (outer !== undefined) app.use(outer);
        app.use(koaAccel(accel));
        app.use((ctx) => {
          ctx.set('X-Accel-Redirect', '/p/a.pdf');
          ctx.body = { id: 42 };
        });
        const running = await listen(app);
        try {
          const answer = await exchange(running.url, '/file', 'GET');
          expect(answer, outer === undefined ? 'outermost' : 'under another middleware').to.match(/^302 Found\nLocation: .*\nCache-Control: private, no-store\nContent-Length: 0\nConnection: close\n\n$/);
        } finally {
          await running.close();
        }
      }
    });

    it('leaves the redirect to Koa under a middleware that changes the response after next()', async () => {
      const { app } = appWith(async (ctx, next) => {
        await next();
        ctx.set('X-Response-Time', '1ms');
      });
      const running = await listen(app);
      try {
        const response = await send(running.url, '/file');
        expect(response.status).to.equal(302);
        expect(response.headers['x-response-time']).to.equal('1ms');
        expect(response.headers['content-type']).to.equal(undefined);
      } finally {
        await running.close();
      }
    });
  });
});
