import type { ServerResponse } from 'node:http';
import { isAccelError, stripAccelHeaders, type Accel, type AccelDecision, type AccelOptions, type MaybePromise } from '@cdn-accel/core';
import { isPromiseLike, removeResponseHeaders, setResponseHeaders, toAccel } from '@cdn-accel/core/internal';
import type { ExpressAccelMiddleware, ExpressNextLike as NextFunction, ExpressRequestLike as Request } from './express-types.js';
import { destroySources, handBack, hold, type Hold } from './held-response.js';
import type { HoldPhase } from './hold-state.js';
import { streamAnswer } from './stream-answer.js';

/**
 * One request's hold: asks the engine when the app commits, then applies the decision the Express way. Once
 * decided it lets go of the request and `next`: nothing after the decision needs them.
 */
class AccelHold implements Hold {
  phase: HoldPhase = 'holding';
  writeHead!: Hold['writeHead'];
  write!: Hold['write'];
  end!: Hold['end'];
  trailers!: Hold['trailers'];
  sources: Hold['sources'] = undefined;

  constructor(private readonly accel: Accel, private req: Request | undefined, private next: NextFunction | undefined, private readonly ip: boolean) {}

  commit(res: ServerResponse): boolean {
    const req = this.req as Request;
    let decision: MaybePromise<AccelDecision>;
    try {
      // SECURITY: req.ip honours X-Forwarded-For only under 'trust proxy'; the header is never read directly.
      decision = this.accel.decide({ method: req.method, clientIp: this.ip ? req.ip : undefined, headers: req.headers, url: req.originalUrl ?? req.url }, res);
    } catch (error) {
      this.fail(res, error);
      return false;
    }
    if (!isPromiseLike(decision)) return this.apply(res, decision);
    // The signature comes later (KMS, first S3 credentials): hold everything, write nothing yet.
    this.phase = 'deciding';
    destroySources(res, this);
    decision.then((resolved) => this.apply(res, resolved), (error: unknown) => this.fail(res, error));
    return false;
  }

  /** The one place a decision kind is applied; true when the app's own call should go ahead. */
  apply(res: ServerResponse, decision: AccelDecision): boolean {
    const next = this.release();
    if (decision.kind === 'pass') {
      this.phase = 'passing';
      this.sources = undefined;
      stripAccelHeaders(res);
      this.trailers.pass(res);
      return true;
    }
    this.phase = 'replaced';
    this.trailers.drop();
    if (decision.kind === 'stream') {
      streamAnswer(res, decision, this, (error) => this.fail(res, error, next));
      return false;
    }
    destroySources(res, this);
    removeResponseHeaders(res, 'set-cookie');
    setResponseHeaders(res, decision.headers);
    res.setHeader('Content-Length', '0');
    res.statusCode = decision.status;
    this.end.call(res);
    return false;
  }

  fail(res: ServerResponse, error: unknown, next = this.release()): void {
    this.phase = 'replaced';
    this.trailers.drop();
    destroySources(res, this);
    // SECURITY: nothing of the app's response (internal path, X-Accel-*, Content-Disposition) survives a refusal.
    removeResponseHeaders(res, undefined);
    // The location's `always` headers, for error handlers that answer on `res` without reading `error.headers`.
    if (isAccelError(error) && error.headers !== undefined) for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    // The error handlers answer once the app's call that committed the response has returned, not inside it:
    // the rest of that call (the app's next writes, compression flushing its stream) is dropped meanwhile.
    process.nextTick(() => {
      handBack(res, this);
      next?.(error);
    });
  }

  private release(): NextFunction | undefined {
    const next = this.next;
    this.req = undefined;
    this.next = undefined;
    return next;
  }
}

/**
 * Express 4 and 5 middleware: `app.use(expressAccel(accel))` before the routes. It holds the response until the
 * app commits to it (the first writeHead/write/end), asks the engine, and answers with the redirect — or lets
 * the app's response through, minus its X-Accel-* headers. Errors go to `next(err)`.
 */
export function expressAccel(accelOrOptions: Accel | AccelOptions): ExpressAccelMiddleware {
  const accel = toAccel(accelOrOptions);
  const needsIp = accel.needsClientIp;
  return function expressAccelMiddleware(req: Request, res: ServerResponse, next: NextFunction): void {
    hold(res, new AccelHold(accel, req, next, needsIp));
    next();
  };
}
