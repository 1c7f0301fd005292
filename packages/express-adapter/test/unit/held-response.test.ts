import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { createServer, OutgoingMessage, ServerResponse } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import express from 'express';
import { send } from '@cdn-accel/contract-tests';
import { cloudfront } from '@cdn-accel/core';
import { expressAccel } from '../../src/index.js';
import { listen } from '../integration/express-driver.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
// Captured when this file loads, before any test has created the middleware.
const nodeWriteHead = ServerResponse.prototype.writeHead;

function nodeMethods(target: object): Record<string, boolean> {
  const methods = target as Record<'writeHead' | 'write' | 'end' | 'emit', unknown>;
  return {
    writeHead: methods.writeHead === nodeWriteHead,
    write: methods.write === OutgoingMessage.prototype.write,
    end: methods.end === OutgoingMessage.prototype.end,
    emit: methods.emit === EventEmitter.prototype.emit,
  };
}

const allNode = { writeHead: true, write: true, end: true, emit: true };

// A library must not change Node core for every HTTP server in the process (the proxy, the app's other servers).
describe('expressAccel holds one response at a time', () => {
  it('leaves http.ServerResponse.prototype and a plain node:http server in the same process untouched', async () => {
    const app = express();
    app.use(expressAccel({ locations: { '/p/': cloudfront({ url: 'https://cdn.example/', keyPairId: 'KTEST', privateKey }) } }));
    app.get('/x', (_req, res) => res.set('X-Accel-Redirect', '/p/f.bin').send('ignored'));
    const accelerated = await listen(app);
    let seen: Record<string, boolean> | undefined;
    const plain = createServer((_req, res) => {
      seen = nodeMethods(res);
      res.setHeader('X-Accel-Redirect', '/p/f.bin');
      res.end('plain body');
    });
    const running = await listen(plain);
    try {
      expect((await send(accelerated.url, '/x')).status).to.equal(302);
      expect(nodeMethods(ServerResponse.prototype)).to.deep.equal(allNode);
      const response = await send(running.url, '/');
      expect(seen).to.deep.equal(allNode);
      expect(response.status).to.equal(200);
      expect(response.headers['x-accel-redirect']).to.equal('/p/f.bin');
      expect(response.body).to.equal('plain body');
    } finally {
      await Promise.all([accelerated.close(), running.close()]);
    }
  });
});

describe('expressAccel on a plain node:http response', () => {
  it('holds it and destroys a piped body unread', async () => {
    const middleware = expressAccel({ locations: { '/p/': cloudfront({ url: 'https://cdn.example/', keyPairId: 'KTEST', privateKey }) } });
    let destroyed = false;
    const plain = createServer((req, res) => {
      middleware(req as typeof req & { method: string }, res, () => {
        res.setHeader('X-Accel-Redirect', '/p/f.bin');
        const body = Readable.from((function* endless() {
          for (;;) yield Buffer.alloc(64 * 1024);
        })());
        body.on('close', () => {
          destroyed = true;
        });
        body.pipe(res);
      });
    });
    const running = await listen(plain);
    try {
      const response = await send(running.url, '/');
      expect(response.status).to.equal(302);
      expect(response.body).to.equal('');
      expect(String(response.headers.location)).to.match(/^https:\/\/cdn\.example\/f\.bin\?/);
      expect(destroyed).to.equal(true);
    } finally {
      await running.close();
    }
  });
});
