import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { createServer, OutgoingMessage, ServerResponse } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { expect } from 'chai';
import express from 'express';
import express4 from 'express4';
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

describe('expressAccel on an Express response', () => {
  it('holds it without own-property wrappers, and leaves another Express app in the process as it was', async () => {
    let ownWrappers: boolean[] = [];
    const accelerated = express();
    accelerated.use(expressAccel({ locations: { '/p/': cloudfront({ url: 'https://cdn.example/', keyPairId: 'KTEST', privateKey }) } }));
    accelerated.get('/x', (_req, res) => {
      ownWrappers = ['writeHead', 'write', 'end'].map((name) => Object.hasOwn(res, name));
      res.set('X-Accel-Redirect', '/p/f.bin').send('ignored');
    });
    const other = express();
    other.get('/x', (_req, res) => res.set('X-Accel-Redirect', '/p/f.bin').send('other body'));
    const [first, second] = await Promise.all([listen(accelerated), listen(other)]);
    try {
      expect((await send(first.url, '/x')).status).to.equal(302);
      expect(ownWrappers).to.deep.equal([false, false, false]);
      const response = await send(second.url, '/x');
      expect(response.status).to.equal(200);
      expect(response.headers['x-accel-redirect']).to.equal('/p/f.bin');
      expect(response.body).to.equal('other body');
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  for (const [name, factory] of [['Express 5', express], ['Express 4', express4 as unknown as typeof express]] as const) {
    it(`gives the responses of ${name} one hidden class, so that no property access on them is a lookup from scratch`, async () => {
      setFlagsFromString('--allow-natives-syntax');
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- V8's own test syntax, only compiled with the flag above.
      const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
      const app = factory();
      app.use(expressAccel({ locations: { '/p/': cloudfront({ url: 'https://cdn.example/', keyPairId: 'KTEST', privateKey }) } }));
      const waiting: Array<{ res: object; answer: () => void }> = [];
      const compared: boolean[] = [];
      app.get('/x', (_req, res) => {
        // A status set by the app, and the one writeHead sets, are properties Node adds to the response.
        res.status(200).set('X-Accel-Redirect', '/p/f.bin');
        waiting.push({ res, answer: () => res.end() });
        if (waiting.length < 2) return;
        const [first, second] = waiting.splice(0) as [{ res: object; answer: () => void }, { res: object; answer: () => void }];
        compared.push(haveSameMap(first.res, second.res));
        first.answer();
        second.answer();
        compared.push(haveSameMap(first.res, second.res));
      });
      const running = await listen(app);
      try {
        // The first pair puts the layer in place; the second is held through it from the start.
        for (let pair = 0; pair < 2; pair += 1) {
          const responses = await Promise.all([send(running.url, '/x'), send(running.url, '/x')]);
          expect(responses.map((response) => response.status)).to.deep.equal([302, 302]);
        }
        expect(compared.slice(2), 'the second pair, held, then answered').to.deep.equal([true, true]);
      } finally {
        await running.close();
      }
    });
  }

  it('falls back to own-property wrappers on a plain node:http response and still destroys a piped body', async () => {
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
