import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createAccel, type Accel, type AccelDecision, type AccelOptions, type MaybePromise } from '@cdn-accel/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { absorbWriteHeadArguments, removeHeaders, setDecisionHeaders, stripAccelHeaders } from './response-headers.js';

type Method = (...args: unknown[]) => unknown;
const IDLE = 0;
const PENDING = 1;
const DONE = 2;

function isAccel(value: Accel | AccelOptions): value is Accel {
  return typeof (value as Accel).decide === 'function';
}

/**
 * Express 4 and 5 middleware: `app.use(expressAccel(accel))` before the routes. It holds the response at the
 * moment the app commits to it (the first writeHead/write/end), asks the engine, and answers with the
 * redirect — or lets the app's response through, minus its X-Accel-* headers.
 */
export function expressAccel(accelOrOptions: Accel | AccelOptions): RequestHandler {
  const accel = isAccel(accelOrOptions) ? accelOrOptions : createAccel(accelOrOptions);
  const needsIp = accel.needsClientIp;
  return function expressAccelMiddleware(req: Request, res: Response, next: NextFunction): void {
    const raw = res as unknown as ServerResponse;
    const patch = res as unknown as Record<'writeHead' | 'write' | 'end', Method>;
    const writeHead = patch.writeHead;
    const write = patch.write;
    const end = patch.end;
    let state = IDLE;
    let sources: Readable[] | undefined;
    const onPipe = (source: Readable): void => {
      (sources ??= []).push(source);
    };
    raw.on('pipe', onPipe);

    function restore(): void {
      patch.writeHead = writeHead;
      patch.write = write;
      patch.end = end;
      raw.removeListener('pipe', onPipe);
    }

    function discard(): void {
      // A piped body (res.sendFile, stream.pipe(res)) is destroyed, not read to the end.
      if (sources !== undefined) for (const source of sources) {
        source.unpipe(raw);
        source.destroy();
      }
      sources = undefined;
    }

    function fail(error: unknown): void {
      state = DONE;
      discard();
      // SECURITY: nothing of the app's response (internal path, X-Accel-*, Content-Disposition) survives a refusal.
      removeHeaders(raw, undefined);
      restore();
      next(error);
    }

    /** Applies a decision the Express way; true when the app's own call should go ahead. */
    function apply(decision: AccelDecision): boolean {
      state = DONE;
      if (decision.kind === 'pass') {
        restore();
        stripAccelHeaders(raw);
        return true;
      }
      if (decision.kind === 'redirect') {
        discard();
        restore();
        removeHeaders(raw, 'set-cookie');
        setDecisionHeaders(raw, decision.headers);
        raw.setHeader('Content-Length', '0');
        raw.statusCode = decision.status;
        raw.end();
        patch.write = () => true;
        patch.end = () => raw;
        return false;
      }
      fail(new Error(`cdn-accel: ${decision.kind} mode needs the stream helper in @cdn-accel/express`));
      return false;
    }

    function decideNow(): boolean {
      let decision: MaybePromise<AccelDecision>;
      try {
        decision = accel.decide({ method: req.method, clientIp: needsIp ? req.ip : undefined, headers: req.headers }, raw);
      } catch (error) {
        fail(error);
        return false;
      }
      if (typeof (decision as Promise<AccelDecision>).then !== 'function') return apply(decision as AccelDecision);
      // The signature comes later (KMS, first S3 credentials): hold everything, write nothing yet.
      state = PENDING;
      discard();
      (decision as Promise<AccelDecision>).then(apply, fail);
      return false;
    }

    patch.writeHead = function accelWriteHead(this: ServerResponse, ...args: unknown[]) {
      if (state !== IDLE) return this;
      const reason = absorbWriteHeadArguments(raw, args);
      if (!decideNow()) return this;
      return reason === undefined ? writeHead.call(this, raw.statusCode) : writeHead.call(this, raw.statusCode, reason);
    };
    patch.write = function accelWrite(this: ServerResponse, ...args: unknown[]) {
      if (state === IDLE && decideNow()) return write.apply(this, args);
      return true;
    };
    patch.end = function accelEnd(this: ServerResponse, ...args: unknown[]) {
      if (state === IDLE && decideNow()) return end.apply(this, args);
      return this;
    };
    next();
  };
}
