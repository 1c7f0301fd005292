import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Router from '@koa/router';
import Koa from 'koa';
import Koa2 from 'koa2';
import type { AppHandler, ContractDriver, RunningApp } from '@cdn-accel/contract-tests';
import type { Accel } from '@cdn-accel/core';
import { koaAccel } from '../../src/index.js';

type KoaClass = typeof Koa;

/** The app's answer written the Koa way: ctx.status, ctx.set (ctx.append for a name that repeats), ctx.body (string or stream). */
function handlerMiddleware(handler: AppHandler): Koa.Middleware {
  return (ctx) => {
    const answer = handler({ method: ctx.method, url: ctx.url, headers: ctx.headers });
    ctx.status = answer.status ?? 200;
    const seen = new Set<string>();
    for (const [name, value] of answer.headers ?? []) {
      const lower = name.toLowerCase();
      if (lower === 'set-cookie' || seen.has(lower)) ctx.append(name, value);
      else ctx.set(name, value);
      seen.add(lower);
    }
    if (answer.trailers !== undefined) ctx.res.addTrailers(answer.trailers);
    if (answer.body instanceof Readable || typeof answer.body === 'string') ctx.body = answer.body;
  };
}

export function listen(app: { callback(): (...args: never[]) => unknown }): Promise<RunningApp> {
  return new Promise((resolve) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const server = (app as any).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections?.();
          server.close(() => done());
        }),
      });
    });
  });
}

/**
 * Koa 3 or Koa 2, the handler as plain middleware or behind @koa/router. With `wrapped`, koaAccel is not the
 * app's first middleware, so it answers through Koa's setters instead of writing the redirect itself.
 */
export function koaDriver(name: string, KoaApp: KoaClass, options: { router?: boolean; wrapped?: boolean } = {}): ContractDriver {
  return {
    name,
    start({ accel, app: handler }: { accel: Accel; app: AppHandler }) {
      const app = new KoaApp();
      app.silent = true;
      if (options.wrapped === true) {
        app.use(async (_ctx, next) => {
          await next();
        });
      }
      app.use(koaAccel(accel));
      if (options.router === true) {
        const router = new Router();
        router.all(/.*/, handlerMiddleware(handler));
        app.use(router.routes()).use(router.allowedMethods());
      } else {
        app.use(handlerMiddleware(handler));
      }
      return listen(app);
    },
  };
}

export const Koa2App = Koa2 as unknown as KoaClass;
