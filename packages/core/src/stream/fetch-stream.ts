import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import { debuglog } from 'node:util';
import type { StreamDecision } from '../contract/decision.js';
import type { StreamResponse } from '../contract/stream-source.js';
import { AccelError } from '../errors/accel-error.js';
import type { Clock } from '../runtime/clock.js';
import { originRequestHeaders } from './forward-headers.js';
import { checkOriginStatus, isBodiless } from './origin-status.js';
import { withThrottle } from './rate-limit.js';
import { withLocationHeaders } from './location-headers.js';
import { clientResponseHeaders } from './response-headers.js';

const debug = debuglog('cdn-accel:stream');

/** Options of `fetchStream`. */
export interface FetchStreamOptions {
  /** Aborting it (the client went away) destroys the origin request or response at once. */
  signal?: AbortSignal;
  /** Milliseconds of silence from the origin (connect, headers or body) before giving up: 504, or a cut body. @default 30000 */
  timeout?: number;
  /** Agents for `http:` and `https:` origins. @default process-wide keep-alive agents */
  agents?: { http?: http.Agent; https?: https.Agent };
  /** Clock for the `limitRate` throttle. @default Date.now */
  now?: Clock;
}

export type { StreamResponse } from '../contract/stream-source.js';

const defaultAgents = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true }),
};

function originError(error: unknown, url: URL): AccelError {
  if ((error as { code?: string }).code === 'ERR_ACCEL_ORIGIN') return error as AccelError;
  const timedOut = (error as { code?: string }).code === 'ETIMEDOUT';
  const message = timedOut ? `The origin ${url.host} did not answer in time` : `The origin ${url.host} could not be reached`;
  return new AccelError('ERR_ACCEL_ORIGIN', message, { status: timedOut ? 504 : 502, cause: error });
}

/**
 * Fetches a stream decision's signed URL and returns what to send to the client. Rejects with an
 * `AccelError` (`ERR_ACCEL_ORIGIN`: 404 missing object, 502 unreachable or refused, 504 timeout)
 * before any byte is sent; a failure later destroys `body`, and the adapter must then cut the connection.
 */
export function fetchStream(decision: StreamDecision, options: FetchStreamOptions = {}): Promise<StreamResponse> {
  const url = new URL(decision.url);
  const secure = url.protocol === 'https:';
  const agent = (secure ? options.agents?.https : options.agents?.http) ?? (secure ? defaultAgents.https : defaultAgents.http);
  const timeout = options.timeout ?? 30_000;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new AccelError('ERR_ACCEL_ORIGIN', 'The client went away', { status: 499, cause: options.signal.reason }));
      return;
    }
    const request = (secure ? https : http).request(url, {
      method: decision.method,
      headers: originRequestHeaders(decision.forwardHeaders),
      agent,
    });
    let body: Readable | undefined;
    const abort = (): void => {
      debug('client went away: aborting %s %s', decision.method, url.host);
      const reason = new AccelError('ERR_ACCEL_ORIGIN', 'The client went away', { status: 499 });
      if (body !== undefined) body.destroy();
      request.destroy(reason);
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    request.setTimeout(timeout, () => request.destroy(Object.assign(new Error('origin timeout'), { code: 'ETIMEDOUT' })));
    request.on('error', (error) => {
      options.signal?.removeEventListener('abort', abort);
      debug('origin request failed: %s', (error as Error).message);
      if (body === undefined) reject(originError(error, url));
      else body.destroy(originError(error, url));
    });
    request.on('response', (response) => {
      try {
        checkOriginStatus(response.statusCode ?? 502, url);
      } catch (error) {
        options.signal?.removeEventListener('abort', abort);
        response.destroy();
        reject(error);
        return;
      }
      const status = response.statusCode ?? 502;
      const headers = withLocationHeaders(clientResponseHeaders(response.headers, decision.overrideHeaders, decision.charset, decision.fallbackHeaders), status, decision, options.now);
      response.once('close', () => options.signal?.removeEventListener('abort', abort));
      if (isBodiless(status, decision.method)) {
        response.resume();
        resolve({ status, headers, body: null, buffering: decision.buffering });
        return;
      }
      body = withThrottle(response, decision.limitRate, options.now, decision.limitRateAfter);
      resolve({ status, headers, body, buffering: decision.buffering });
    });
    request.end();
  });
}
