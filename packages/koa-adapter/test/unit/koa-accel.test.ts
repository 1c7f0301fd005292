import { generateKeyPairSync } from 'node:crypto';
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
});
