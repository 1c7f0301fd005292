import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import express from 'express';
import express4 from 'express4';
import { cloudfront, createAccel } from '@cdn-accel/core';
import { expressAccel } from '../../src/index.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const object = Buffer.from('0123456789'.repeat(100));

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply | 'cut'> {
  return new Promise((resolve) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => resolve('cut'));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', () => resolve('cut'));
    req.end();
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

for (const [name, factory] of [['Express 5', express], ['Express 4', express4 as unknown as typeof express]] as const) {
  describe(`expressAccel stream mode (${name}, local HTTP origin)`, () => {
    let origin: Server;
    let app: Server;
    let base: string;
    const seen: IncomingMessage[] = [];
    const originSockets = new Set<Socket>();

    before(async () => {
      origin = createServer((req, res) => {
        seen.push(req);
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const common = { ETag: '"v1"', 'Last-Modified': 'Sat, 28 Nov 2026 10:00:00 GMT', 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream', 'x-amz-request-id': 'R' };
        if (path === '/reset.bin') {
          res.writeHead(200, { 'Content-Length': '100000' });
          res.write('partial');
          setTimeout(() => res.socket?.destroy(), 20);
          return;
        }
        if (path === '/endless.bin') {
          res.writeHead(200, { 'Content-Length': '100000000' });
          res.write(Buffer.alloc(16 * 1024));
          return;
        }
        if (path !== '/books/a.bin') return void res.writeHead(404).end();
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, common).end();
        const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
        if (range !== null) {
          const [start, end] = [Number(range[1]), Number(range[2])];
          res.writeHead(206, { ...common, 'Content-Range': `bytes ${start}-${end}/${object.length}`, 'Content-Length': end - start + 1 });
          return void res.end(object.subarray(start, end + 1));
        }
        res.writeHead(200, { ...common, 'Content-Length': object.length });
        res.end(req.method === 'HEAD' ? undefined : object);
      });
      origin.on('connection', (socket) => {
        originSockets.add(socket);
        socket.on('close', () => originSockets.delete(socket));
      });
      const originUrl = await listen(origin);
      const accel = createAccel({
        locations: { '/media/': cloudfront({ url: `${originUrl}/`, keyPairId: 'K2JCJMDEHXQW5F', privateKey, mode: 'stream' }) },
      });
      const web = factory();
      web.use(expressAccel(accel));
      web.use((req, res) => {
        const url = new URL(req.url, 'http://x');
        const file = url.pathname.slice('/download/'.length);
        res.setHeader('X-Accel-Redirect', `/media/${file}`);
        res.setHeader('Content-Disposition', `attachment; filename="${file.split('/').pop()}"`);
        res.append('Set-Cookie', 'seen=1');
        const rate = url.searchParams.get('rate');
        if (rate !== null) res.setHeader('X-Accel-Limit-Rate', rate);
        res.send('app body, never sent');
      });
      web.use((error: { status?: number; expose?: boolean; message: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(error.status ?? 500).send(error.expose === true ? error.message : 'error');
      });
      app = web.listen(0, '127.0.0.1');
      await new Promise((resolve) => app.once('listening', resolve));
      base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    });

    after(async () => {
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
      origin.closeAllConnections();
      await new Promise((resolve) => origin.close(resolve));
    });

    it('streams the object with its headers; the app’s Content-Disposition and Set-Cookie survive', async () => {
      const reply = (await send(`${base}/download/books/a.bin`, { headers: { Cookie: 'sid=secret', Authorization: 'Basic eA==' } })) as Reply;
      expect(reply.status).to.equal(200);
      expect(reply.body.equals(object)).to.equal(true);
      expect(reply.headers['content-length']).to.equal(String(object.length));
      expect(reply.headers.etag).to.equal('"v1"');
      expect(reply.headers['content-disposition']).to.equal('attachment; filename="a.bin"');
      expect(reply.headers['set-cookie']).to.deep.equal(['seen=1']);
      expect(reply.headers['x-amz-request-id']).to.equal(undefined);
      expect(reply.headers['x-accel-redirect']).to.equal(undefined);
      const fetched = seen[seen.length - 1];
      expect(fetched?.url).to.match(/^\/books\/a\.bin\?Expires=\d+&.*Signature=/);
      // SECURITY: the client's credentials for the app never reach the CDN.
      expect(fetched?.headers.cookie).to.equal(undefined);
      expect(fetched?.headers.authorization).to.equal(undefined);
    });

    it('forwards Range (206) and If-None-Match (304)', async () => {
      const part = (await send(`${base}/download/books/a.bin`, { headers: { Range: 'bytes=10-19' } })) as Reply;
      expect(part.status).to.equal(206);
      expect(part.headers['content-range']).to.equal(`bytes 10-19/${object.length}`);
      expect(part.body.toString()).to.equal('0123456789');
      const cached = (await send(`${base}/download/books/a.bin`, { headers: { 'If-None-Match': '"v1"' } })) as Reply;
      expect(cached.status).to.equal(304);
      expect(cached.body.length).to.equal(0);
    });

    it('answers HEAD with the length and no body', async () => {
      const head = (await send(`${base}/download/books/a.bin`, { method: 'HEAD' })) as Reply;
      expect(head.status).to.equal(200);
      expect(head.headers['content-length']).to.equal(String(object.length));
      expect(seen[seen.length - 1]?.method).to.equal('HEAD');
    });

    it('answers 404 for a missing object', async () => {
      expect(((await send(`${base}/download/books/missing.bin`)) as Reply).status).to.equal(404);
    });

    it('throttles to X-Accel-Limit-Rate', async () => {
      const started = Date.now();
      const reply = (await send(`${base}/download/books/a.bin?rate=2000`)) as Reply;
      expect(reply.body.equals(object)).to.equal(true);
      expect(Date.now() - started).to.be.at.least(400);
    });

    it('cuts the client when the origin resets mid-body', async () => {
      expect(await send(`${base}/download/reset.bin`)).to.equal('cut');
    });

    it('aborts the origin request when the client goes away', async () => {
      const before = seen.length;
      await new Promise<void>((resolve) => {
        const req = request(`${base}/download/endless.bin`, { agent: false }, (res) => res.once('data', () => {
          req.destroy();
          resolve();
        }));
        req.on('error', () => {});
        req.end();
      });
      expect(seen.length).to.equal(before + 1);
      const socket = seen[seen.length - 1]?.socket;
      if (socket !== undefined && !socket.destroyed) await new Promise((resolve) => socket.once('close', resolve));
    });
  });
}
