import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import express from 'express';
import express4 from 'express4';
import { policySourceIp, send } from '@cdn-accel/contract-tests';
import { cloudfront, createAccel, type AccelOptions } from '@cdn-accel/core';
import { expressAccel } from '../../src/index.js';
import { listen } from '../integration/express-driver.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const factories = { 'Express 5': express, 'Express 4': express4 as unknown as typeof express };

function options(): AccelOptions {
  return { locations: { '/p/': cloudfront({ url: 'https://cdn.example/', keyPairId: 'KTEST', privateKey, ip: 'client' }) } };
}

for (const [name, factory] of Object.entries(factories)) {
  describe(`expressAccel on ${name}`, () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'cdn-accel-'));
      writeFileSync(join(dir, 'big.bin'), Buffer.alloc(8 * 1024 * 1024, 1));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    async function run(setup: (app: express.Express) => void, path = '/x', headers: Record<string, string> = {}) {
      const app = factory();
      setup(app);
      const running = await listen(app);
      try {
        return await send(running.url, path, { headers });
      } finally {
        await running.close();
      }
    }

    it("accepts the options object and binds to req.ip under 'trust proxy'", async () => {
      const response = await run((app) => {
        app.set('trust proxy', true);
        app.use(expressAccel(options()));
        app.get('/x', (_req, res) => res.set('X-Accel-Redirect', '/p/f.bin').send('ignored'));
      }, '/x', { 'X-Forwarded-For': '203.0.113.9' });
      expect(response.status).to.equal(302);
      expect(policySourceIp(String(response.headers.location))).to.equal('203.0.113.9/32');
    });

    // SECURITY: without 'trust proxy' a client cannot choose the address its URL is bound to.
    it("ignores X-Forwarded-For without 'trust proxy'", async () => {
      const response = await run((app) => {
        app.use(expressAccel(createAccel(options())));
        app.get('/x', (_req, res) => res.set('X-Accel-Redirect', '/p/f.bin').end());
      }, '/x', { 'X-Forwarded-For': '203.0.113.9' });
      expect(policySourceIp(String(response.headers.location))).to.equal('127.0.0.1/32');
    });

    it('redirects a res.sendFile response without sending the file', async () => {
      const response = await run((app) => {
        app.use(expressAccel(options()));
        app.get('/x', (_req, res) => {
          res.set('X-Accel-Redirect', '/p/big.bin');
          res.sendFile(join(dir, 'big.bin'));
        });
      });
      expect(response.status).to.equal(302);
      expect(response.body).to.equal('');
      expect(response.headers['content-length']).to.equal('0');
    });

    it('sees headers passed straight to res.writeHead', async () => {
      const response = await run((app) => {
        app.use(expressAccel(options()));
        app.get('/x', (_req, res) => {
          res.writeHead(200, { 'X-Accel-Redirect': '/p/w.bin', 'Content-Type': 'text/plain' });
          res.end('body');
        });
      });
      expect(response.status).to.equal(302);
      expect(String(response.headers.location)).to.match(/^https:\/\/cdn\.example\/w\.bin\?/);
      expect(response.headers['x-accel-redirect']).to.equal(undefined);
    });

    it("reaches Express's default error handler with a 404 that shows neither path nor header", async () => {
      const response = await run((app) => {
        app.set('env', 'test');
        app.use(expressAccel(options()));
        app.get('/x', (_req, res) => res.set({ 'X-Accel-Redirect': '/hidden/secret.pdf', 'Content-Disposition': 'attachment' }).send('x'));
      });
      expect(response.status).to.equal(404);
      expect(response.body).not.to.include('secret.pdf');
      expect(response.body).not.to.include('X-Accel-Redirect');
      expect(response.headers['content-disposition']).to.equal(undefined);
    });

    it('drops what the app writes after a refusal its error handler has answered', async () => {
      const errors: unknown[] = [];
      const response = await run((app) => {
        app.use(expressAccel(options()));
        app.get('/x', (_req, res) => {
          res.on('error', (error) => errors.push(error));
          res.set('X-Accel-Redirect', '/hidden/secret.pdf').type('text/plain');
          res.write('first part, ');
          res.write('second part');
          res.end(' and the end');
        });
        app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
          res.status(404).type('text/plain').send('refused');
        });
      });
      expect(response.status).to.equal(404);
      expect(response.body).to.equal('refused');
      await new Promise((resolve) => setImmediate(resolve));
      expect(errors).to.deep.equal([]);
    });

    it('works behind middleware that wrapped writeHead and end before it (on-headers, express-session style)', async () => {
      let ends = 0;
      const response = await run((app) => {
        app.use((_req, res, next) => {
          const writeHead = res.writeHead;
          const end = res.end;
          res.writeHead = function wrappedWriteHead(this: express.Response, ...args: unknown[]) {
            res.setHeader('X-Wrapped', '1');
            return (writeHead as (...a: unknown[]) => express.Response).apply(this, args);
          } as typeof res.writeHead;
          res.end = function wrappedEnd(this: express.Response, ...args: unknown[]) {
            ends += 1;
            return (end as (...a: unknown[]) => express.Response).apply(this, args);
          } as typeof res.end;
          next();
        });
        app.use(expressAccel(options()));
        app.get('/x', (_req, res) => res.set('X-Accel-Redirect', '/p/f.bin').send('body'));
      });
      expect(response.status).to.equal(302);
      expect(response.headers['x-wrapped']).to.equal('1');
      expect(response.body).to.equal('');
      expect(ends).to.equal(1);
    });

    it('holds responses answered inside a mounted sub-app (which swaps the response prototype)', async () => {
      const response = await run((app) => {
        app.use(expressAccel(options()));
        const api = factory();
        api.get('/file', (_req, res) => res.set('X-Accel-Redirect', '/p/sub.bin').send('body'));
        app.use('/api', api);
      }, '/api/file');
      expect(response.status).to.equal(302);
      expect(response.headers['x-accel-redirect']).to.equal(undefined);
      expect(String(response.headers.location)).to.match(/^https:\/\/cdn\.example\/sub\.bin\?/);
    });

    it('answers once when a mounted sub-app has its own expressAccel behind the app-wide one', async () => {
      const response = await run((app) => {
        app.use(expressAccel(options()));
        const api = factory();
        api.use(expressAccel(options()));
        api.get('/file', (_req, res) => res.set('X-Accel-Redirect', '/p/nested.bin').send('body'));
        app.use('/api', api);
      }, '/api/file');
      expect(response.status).to.equal(302);
      expect(response.body).to.equal('');
      expect(String(response.headers.location)).to.match(/^https:\/\/cdn\.example\/nested\.bin\?/);
    });

    it('keeps res.locals per response: set by middleware, replaced by assignment, seen by a mounted sub-app', async () => {
      const app = factory();
      app.use(expressAccel(options()));
      app.use((req, res, next) => {
        res.locals.user = req.get('x-user');
        next();
      });
      app.get('/replaced', (_req, res) => {
        res.locals = { replaced: true };
        res.json(res.locals);
      });
      const api = factory();
      api.get('/who', (_req, res) => res.json({ ...res.locals }));
      app.use('/api', api);
      app.get('/who', (_req, res) => {
        // Two requests in flight at once must not see each other's locals.
        setTimeout(() => res.json({ ...res.locals }), 20);
      });
      const running = await listen(app);
      try {
        const [ann, bob] = await Promise.all(['ann', 'bob'].map((user) => send(running.url, '/who', { headers: { 'x-user': user } })));
        expect(JSON.parse(ann!.body)).to.deep.equal({ user: 'ann' });
        expect(JSON.parse(bob!.body)).to.deep.equal({ user: 'bob' });
        expect(JSON.parse((await send(running.url, '/api/who', { headers: { 'x-user': 'cy' } })).body)).to.deep.equal({ user: 'cy' });
        expect(JSON.parse((await send(running.url, '/replaced')).body)).to.deep.equal({ replaced: true });
      } finally {
        await running.close();
      }
    });

    it('keeps statusCode and statusMessage per response, as Node reads and writes them', async () => {
      const app = factory();
      app.use(expressAccel(options()));
      const seen: unknown[] = [];
      app.get('/teapot', (req, res) => {
        seen.push(res.statusCode, res.statusMessage);
        // Two requests in flight at once must not see each other's status.
        const status = Number(req.get('x-status'));
        res.status(status);
        res.statusMessage = `Status ${status}`;
        setTimeout(() => {
          seen.push(res.statusCode, res.statusMessage);
          res.end('body');
        }, 20);
      });
      app.get('/written', (_req, res) => {
        res.writeHead(202, { 'Content-Type': 'text/plain' });
        seen.push(res.statusCode, res.statusMessage);
        res.end();
      });
      const running = await listen(app);
      try {
        const [first, second] = await Promise.all([418, 429].map((status) => send(running.url, '/teapot', { headers: { 'x-status': String(status) } })));
        expect([first!.status, second!.status]).to.deep.equal([418, 429]);
        expect((await send(running.url, '/written')).status).to.equal(202);
        expect(seen).to.deep.equal([200, undefined, 200, undefined, 418, 'Status 418', 429, 'Status 429', 202, 'Accepted']);
      } finally {
        await running.close();
      }
    });

    it('strips X-Accel-* from a normal res.json response', async () => {
      const response = await run((app) => {
        app.use(expressAccel(options()));
        app.get('/x', (_req, res) => res.set('X-Accel-Buffering', 'no').json({ ok: true }));
      });
      expect(response.status).to.equal(200);
      expect(JSON.parse(response.body)).to.deep.equal({ ok: true });
      expect(response.headers['x-accel-buffering']).to.equal(undefined);
    });
  });
}
