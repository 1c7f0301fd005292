import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Readable } from 'node:stream';
import express from 'express';
import express4 from 'express4';
import type { AppHandler, ContractDriver, RunningApp } from '@cdn-accel/contract-tests';
import type { Accel } from '@cdn-accel/core';
import { expressAccel } from '../../src/index.js';

type ExpressFactory = typeof express;

export function listen(app: { listen: (...args: never[]) => Server }): Promise<RunningApp> {
  return new Promise((resolve) => {
    const server: Server = (app.listen as unknown as (port: number, host: string, cb: () => void) => Server)(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

/** Express 5 or 4; the app answers the Express way: res.status, res.append, res.send or stream.pipe(res). */
export function expressDriver(name: string, factory: ExpressFactory): ContractDriver {
  return {
    name,
    start({ accel, app: handler }: { accel: Accel; app: AppHandler }) {
      const app = factory();
      app.use(expressAccel(accel));
      app.use((req, res) => {
        const answer = handler({ method: req.method, url: req.url, headers: req.headers });
        res.status(answer.status ?? 200);
        for (const [name, value] of answer.headers ?? []) res.append(name, value);
        if (answer.trailers !== undefined) res.addTrailers(answer.trailers);
        if (answer.body instanceof Readable) answer.body.pipe(res);
        else res.send(answer.body ?? '');
      });
      // Quiet error handler in the shape apps use: the status of the error, a generic body.
      app.use((error: { status?: number; expose?: boolean; message?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        const status = error.status ?? 500;
        res.status(status).type('text/plain').send(error.expose === true ? error.message : 'Internal Server Error');
      });
      return listen(app);
    },
  };
}

export const express4Factory = express4 as unknown as ExpressFactory;
