import { debuglog } from 'node:util';
import { DEFAULT_CACHE, resolveCacheOptions } from '../cache/signed-url-cache.js';
import type { Accel } from '../contract/accel.js';
import type { AccelDecision, PassDecision } from '../contract/decision.js';
import type { MaybePromise } from '../contract/maybe-promise.js';
import type { AccelRequest, AccelResponseView } from '../contract/request.js';
import { configError, isAccelError } from '../errors/accel-error.js';
import { unsafePath } from '../errors/unsafe-path.js';
import { CONFLICTING, readSingleHeader } from '../header/read-header.js';
import { compileLocations } from '../routing/location-table.js';
import { isPromiseLike } from '../runtime/maybe-promise.js';
import { AnswerCache } from './answer-cache.js';
import { decisionFrom } from './build-decision.js';
import { warnUnboundIpv6 } from './client-ip.js';
import { checkBatchSignatures, checkClock, checkLogger, checkRedirectStatus, type AccelOptions } from './engine-options.js';
import { SignaturePlanner } from './plan-signature.js';
import { RefreshAhead } from './refresh-ahead.js';
import { RouteMemo } from './route-memo.js';
import { MissSigner } from './sign-on-miss.js';
import { SignatureBatch } from './signature-batch.js';
import { readSignatureRequest, type SignatureRequest } from './signature-request.js';

const debug = debuglog('cdn-accel:engine');
const PASS: PassDecision = Object.freeze({ kind: 'pass' });

/**
 * Builds the X-Accel engine: validates every option now, compiles the location table, and returns
 * `decide`, which turns an app response carrying `X-Accel-Redirect` into a redirect, cookies or a stream.
 */
export function createAccel(options: AccelOptions): Accel {
  if (typeof options !== 'object' || options === null) throw configError('createAccel()', 'expected an options object', 'Pass { locations: { … } }');
  const table = compileLocations(options.locations);
  const logger = checkLogger(options.logger);
  const now = checkClock(options.now);
  const cacheSettings = resolveCacheOptions(options.cache);
  const planner = new SignaturePlanner(cacheSettings?.window ?? 0, checkRedirectStatus(options.redirectStatus), now);
  const batch = checkBatchSignatures(options.batchSignatures) ? new SignatureBatch() : undefined;
  const routes = new RouteMemo(table, cacheSettings?.max ?? DEFAULT_CACHE.max);
  const cache = cacheSettings === null ? undefined : new AnswerCache(cacheSettings.max);
  const refresher = cache === undefined ? undefined : new RefreshAhead(planner, cache, now);
  const signer = new MissSigner(planner, cache, batch, now);
  warnUnboundIpv6(table.locations, logger);

  /** A cache hit answers at once (no promise); a miss waits for the signature under way, or signs. */
  function answer(wanted: SignatureRequest, request: AccelRequest, response: AccelResponseView): MaybePromise<AccelDecision> {
    const hit = cache?.find(wanted, wanted.nowMs);
    if (hit !== undefined) {
      refresher?.refreshIfDue(hit, wanted);
      return decisionFrom(hit.value, wanted, request, response, wanted.nowMs);
    }
    const signed = cache?.pending(wanted) ?? signer.sign(wanted);
    if (!isPromiseLike(signed)) return decisionFrom(signed, wanted, request, response, now());
    return signed.then((resolved) => decisionFrom(resolved, wanted, request, response, now()));
  }

  function report(error: unknown, value: string | typeof CONFLICTING): void {
    const code = isAccelError(error) ? error.code : 'ERR_ACCEL_SIGNING_FAILED';
    const status = isAccelError(error) ? error.status : 500;
    const shown = typeof value === 'string' ? ` for ${JSON.stringify(shownValue(value))}` : '';
    (status >= 500 ? logger.error : logger.warn).call(logger, `cdn-accel: ${code} (${status})${shown}`);
  }

  function decide(request: AccelRequest, response: AccelResponseView): MaybePromise<AccelDecision> {
    const raw = readSingleHeader(response, 'x-accel-redirect');
    if (raw === undefined) return PASS;
    try {
      // SECURITY: two different X-Accel-Redirect values have no single meaning (Nginx refuses duplicates too).
      if (raw === CONFLICTING) throw unsafePath('more than one value');
      const decision = answer(readSignatureRequest(routes.match(raw, request), request, response, now()), request, response);
      if (!isPromiseLike(decision)) return decision;
      return decision.catch((error: unknown) => {
        report(error, raw);
        throw error;
      });
    } catch (error) {
      report(error, raw);
      throw error;
    }
  }

  debug('engine ready: %d location(s), cache %o', table.locations.length, cacheSettings ?? 'off');
  return Object.freeze({
    decide,
    ready: () => Promise.all(table.locations.map((location) => location.target.ready())).then(() => undefined),
    locations: table.locations.map((location) => location.prefix),
    needsClientIp: table.locations.some((location) => location.target.ip === 'client'),
  });
}

/**
 * The refused value as logged: its path (200 characters at most), then `?…` when it had a query.
 * SECURITY: a query may be a credential (a presigned URL's X-Amz-Credential and X-Amz-Signature for signed()), and
 * logs are read by more people than the app's responses: none of it is written.
 */
function shownValue(value: string): string {
  const mark = value.indexOf('?');
  const path = mark === -1 ? value : value.slice(0, mark);
  return `${path.length > 200 ? `${path.slice(0, 200)}…` : path}${mark === -1 ? '' : '?…'}`;
}
