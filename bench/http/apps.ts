import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Accel } from '@cdn-accel/core';
import { expressAccel } from '@cdn-accel/express';
import { koaAccel } from '@cdn-accel/koa';
import { objectPath, SAMPLE_PATH } from './paths.js';
import type { Answer, ExtraMiddleware } from './protocol.js';

// Koa and Express are dependencies of the adapters, not of the repository root.
const koaRequire = createRequire(new URL('../../packages/koa-adapter/package.json', import.meta.url));
const expressRequire = createRequire(new URL('../../packages/express-adapter/package.json', import.meta.url));
const Koa = koaRequire('koa') as typeof import('koa');
const express = expressRequire('express') as typeof import('express');

export type Framework = 'Koa' | 'Express';

/** How the app picks the object: always the same one, or round-robin over `objects` distinct ones. */
export interface AppSetup {
  framework: Framework;
  /** undefined: the hand-written 302 to `handUrl`. */
  accel?: Accel;
  handUrl?: string;
  /** The hand-written 302 signs a canned policy with this key for every request first (and sends `handUrl`). */
  signEach?: KeyObject | undefined;
  /** What the hand-written 302 gets on top (protocol.ts). */
  extra?: ExtraMiddleware | undefined;
  objects?: number;
  /** @default 'redirect' */
  answer?: Answer | undefined;
}

/** Listens on 127.0.0.1 for as long as the process lives (each app has a server process of its own). */
export function startApp(setup: AppSetup): Promise<{ url: string }> {
  const server = setup.answer === 'json' ? jsonServer(setup) : setup.framework === 'Koa' ? koaServer(setup) : expressServer(setup);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/download` });
    });
  });
}

function pathPicker(objects: number | undefined): () => string {
  if (objects === undefined) return () => SAMPLE_PATH;
  const paths = Array.from({ length: objects }, (_, index) => objectPath(index));
  let next = 0;
  return () => paths[(next = (next + 1) % objects)] as string;
}

/**
 * What signing by hand costs per request, with the engine's algorithm for the key (RSA-SHA1, ECDSA-SHA256): a
 * canned policy for the object with a fresh expiry, its signature, base64. Nothing when there is no key.
 */
function handSigner(key: KeyObject | undefined): () => void {
  if (key === undefined) return () => {};
  const digest = key.asymmetricKeyType === 'ec' ? 'sha256' : 'sha1';
  const resource = `https://d111111abcdef8.cloudfront.net/media/${SAMPLE_PATH.slice('/protected/'.length)}`;
  return () => {
    const expires = Math.floor(Date.now() / 1000) + 300;
    const policy = `{"Statement":[{"Resource":"${resource}","Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;
    sign(digest, Buffer.from(policy), key).toString('base64');
  };
}

function koaServer(setup: AppSetup): Server {
  const app = new Koa();
  const pick = pathPicker(setup.objects);
  if (setup.accel === undefined) {
    const location = setup.handUrl as string;
    const signHere = handSigner(setup.signEach);
    const redirect = (ctx: import('koa').Context): void => {
      signHere();
      ctx.body = null;
      ctx.status = 302;
      ctx.set('Location', location);
      ctx.set('Cache-Control', 'private, no-store');
    };
    if (setup.extra === 'strip') {
      app.use(async (ctx, next) => {
        await next();
        for (const name of ctx.res.getHeaderNames()) if (name !== 'set-cookie') ctx.res.removeHeader(name);
        redirect(ctx);
      });
      app.use((ctx) => {
        ctx.set('X-Accel-Redirect', SAMPLE_PATH);
      });
    } else {
      if (setup.extra === 'empty') {
        app.use(async (_ctx, next) => {
          await next();
        });
      }
      app.use(redirect);
    }
  } else {
    app.use(koaAccel(setup.accel));
    app.use((ctx) => {
      ctx.set('X-Accel-Redirect', pick());
    });
  }
  return createServer(app.callback());
}

function expressServer(setup: AppSetup): Server {
  const app = express();
  const pick = pathPicker(setup.objects);
  if (setup.accel === undefined) {
    const location = setup.handUrl as string;
    const signHere = handSigner(setup.signEach);
    if (setup.extra === 'empty') app.use((_req, _res, next) => next());
    app.get('/download', (_req, res) => {
      signHere();
      res.statusCode = 302;
      res.setHeader('Location', location);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Length', '0');
      res.end();
    });
  } else {
    app.use(expressAccel(setup.accel));
    app.get('/download', (_req, res) => {
      res.setHeader('X-Accel-Redirect', pick());
      res.end();
    });
  }
  return createServer(app);
}

/** What the pass-through apps answer: a response without X-Accel-Redirect. */
const JSON_BODY = { ok: true, items: [1, 2, 3] };

/** JSON behind the accel middleware, or (no engine) behind an empty middleware: the same app either way. */
function jsonServer(setup: AppSetup): Server {
  const accel = setup.accel;
  if (setup.framework === 'Koa') {
    const app = new Koa();
    app.use(accel === undefined ? async (_ctx, next) => {
      await next();
    } : koaAccel(accel));
    app.use((ctx) => {
      ctx.body = JSON_BODY;
    });
    return createServer(app.callback());
  }
  const app = express();
  app.use(accel === undefined ? (_req, _res, next) => next() : expressAccel(accel));
  app.get('/download', (_req, res) => {
    res.json(JSON_BODY);
  });
  return createServer(app);
}
