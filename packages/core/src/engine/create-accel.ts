import { debuglog } from 'node:util';
import { LRUCache } from 'lru-cache';
import { DEFAULT_CACHE, SignedUrlCache, resolveCacheOptions } from '../cache/signed-url-cache.js';
import { staleJitterMs, windowedExpiry, windowPhase } from '../cache/expiry-window.js';
import { configError, isAccelError } from '../errors/accel-error.js';
import { parseAccelExpires } from '../header/parse-accel-expires.js';
import { parseAccelRedirect } from '../header/parse-accel-redirect.js';
import { CONFLICTING, readSingleHeader } from '../header/read-header.js';
import { compileLocations, type Location } from '../routing/location-table.js';
import { unsafePath } from '../routing/path-safety.js';
import { isPromiseLike, type MaybePromise } from '../runtime/maybe-promise.js';
import { redirectDecision, streamDecision } from './build-decision.js';
import { bindableIp } from './client-ip.js';
import { checkClock, checkLogger, checkRedirectStatus } from './engine-options.js';
import { overridesKey, readOverrides } from './read-overrides.js';
import { signingFailed } from './signing-error.js';
import type { Accel, AccelDecision, AccelOptions, AccelRequest, AccelResponseView, CarryHeaders, PassDecision, ResponseOverrides, TargetSignInput, TargetSignResult } from './types.js';

const debug = debuglog('cdn-accel:engine');
const PASS: PassDecision = Object.freeze({ kind: 'pass' });
const STREAM_CARRY = { contentDisposition: true, cacheControl: true };

/** What one cache entry holds: the signed URL, and for redirect modes the finished decision. */
interface Signed {
  result: TargetSignResult;
  redirect: AccelDecision | undefined;
}

/** A header value already parsed and matched (hits skip the parser and the location table). */
interface Route {
  plan: Plan;
  path: string;
  query: string;
  /** The cache key of the plain case (GET, the location's lifetime, no IP, no overrides), built once. */
  plainKey: string;
}

/** Everything a signed URL depends on, as one cache key. */
function cacheKey(path: string, query: string, lifetime: number, method: 'GET' | 'HEAD', safeMethod: boolean, clientIp: string | undefined, overrides: ResponseOverrides | undefined): string {
  return `${path}\u0000${query}\u0000${lifetime}\u0000${method}${safeMethod ? 1 : 0}\u0000${clientIp ?? ''}\u0000${overridesKey(overrides)}`;
}

/** What a cache miss needs to sign. */
interface Miss {
  plan: Plan;
  key: string;
  path: string;
  query: string;
  lifetime: number;
  customLifetime: boolean;
  method: 'GET' | 'HEAD';
  safeMethod: boolean;
  clientIp: string | undefined;
  overrides: ResponseOverrides | undefined;
  nowMs: number;
}

/** Per-location values computed once. */
interface Plan {
  location: Location;
  /** Cache window for the full lifetime: at most a fifth of it. */
  window: number;
  streamCarry: CarryHeaders;
}

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
  const statuses = checkRedirectStatus(options.redirectStatus);
  const cache = cacheSettings === null ? null : new SignedUrlCache<Signed>(cacheSettings.max);
  const windowFor = (lifetime: number): number => (cacheSettings === null ? 0 : Math.min(cacheSettings.window, Math.floor(lifetime / 5)));
  const plans = new Map<Location, Plan>(table.locations.map((location) => [location, {
    location,
    window: windowFor(location.target.expiresIn),
    streamCarry: { ...STREAM_CARRY, contentType: location.target.carry.contentType },
  }]));
  const needsClientIp = table.locations.some((location) => location.target.ip === 'client');
  // Only safe values are remembered, so a hit is a value that passed every check before.
  const routes = new LRUCache<string, Route>({ max: cacheSettings?.max ?? DEFAULT_CACHE.max });

  function route(raw: string): Route {
    const known = routes.get(raw);
    if (known !== undefined) return known;
    const { path, query } = parseAccelRedirect(raw);
    const plan = plans.get(table.match(path)) as Plan;
    const found: Route = { plan, path, query, plainKey: cacheKey(path, query, plan.location.target.expiresIn, 'GET', true, undefined, undefined) };
    routes.set(raw, found);
    return found;
  }

  function report(error: unknown, value: string | undefined): void {
    const code = isAccelError(error) ? error.code : 'ERR_ACCEL_SIGNING_FAILED';
    const status = isAccelError(error) ? error.status : 500;
    const shown = value === undefined ? '' : ` for ${JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value)}`;
    (status >= 500 ? logger.error : logger.warn).call(logger, `cdn-accel: ${code} (${status})${shown}`);
  }

  function decideFor(route: Route, request: AccelRequest, response: AccelResponseView): MaybePromise<AccelDecision> {
    const { plan, path, query } = route;
    const { location } = plan;
    const target = location.target;
    const nowMs = now();
    const expires = readSingleHeader(response, 'x-accel-expires');
    const custom = parseAccelExpires(typeof expires === 'string' ? expires : undefined, nowMs / 1000, target.expiresIn);
    const lifetime = custom ?? target.expiresIn;
    const stream = target.mode === 'stream';
    const safeMethod = request.method === 'GET' || request.method === 'HEAD';
    const method = (stream || target.methodBound) && request.method === 'HEAD' ? 'HEAD' : 'GET';
    const clientIp = bindableIp(target, request.clientIp);
    const overrides = readOverrides(response, stream ? plan.streamCarry : target.carry);
    // The plain case reuses one string: no key to build, and its hash is already known to the cache's map.
    const plain = custom === undefined && request.method === 'GET' && clientIp === undefined && overrides === undefined;
    const key = plain ? route.plainKey : cacheKey(path, query, lifetime, method, safeMethod, clientIp, overrides);
    if (cache !== null) {
      const hit = cache.get(key, nowMs);
      if (hit !== undefined) return hit.redirect ?? streamDecision(hit.result.url, request, response, overrides);
      const pending = cache.pending(key);
      if (pending !== undefined) return pending.then((signed) => signed.redirect ?? streamDecision(signed.result.url, request, response, overrides));
    }
    return sign({ plan, key, path, query, lifetime, customLifetime: custom !== undefined, method, safeMethod, clientIp, overrides, nowMs }, request, response);
  }

  /** The miss path: one signature (shared while in flight), cached until its entry goes stale. */
  function sign(miss: Miss, request: AccelRequest, response: AccelResponseView): MaybePromise<AccelDecision> {
    const { plan, key, path, query, lifetime, method, clientIp, overrides, nowMs } = miss;
    const { location } = plan;
    const target = location.target;
    const stream = target.mode === 'stream';
    const finish = (signed: Signed): AccelDecision => signed.redirect ?? streamDecision(signed.result.url, request, response, overrides);
    const window = miss.customLifetime ? windowFor(lifetime) : plan.window;
    // The entry goes stale `jitter` ms before its second; the grid is taken from that shifted instant, so the new
    // entry is always fresh when stored and the URL still has at least `lifetime` to live when it goes stale.
    const jitter = window > 1 ? staleJitterMs(key) : 0;
    const { expiresAt, staleAt } = windowedExpiry((nowMs + jitter) / 1000, lifetime, window, window > 1 ? windowPhase(key, window) : 0);
    const staleAtMs = staleAt * 1000 - jitter;
    const input: TargetSignInput = { key: path.slice(location.prefix.length), query, expiresAt, method, nowMs };
    if (clientIp !== undefined) input.clientIp = clientIp;
    if (overrides !== undefined && !stream) input.overrides = overrides;
    const status = miss.safeMethod ? statuses.safe : statuses.unsafe;
    const wrap = (result: TargetSignResult): Signed => ({
      result,
      redirect: stream ? undefined : redirectDecision(status, result, target.redirectCacheControl, expiresAt - Math.ceil(now() / 1000)),
    });
    let signed: MaybePromise<TargetSignResult>;
    try {
      signed = target.sign(input);
    } catch (error) {
      throw signingFailed(error);
    }
    if (!isPromiseLike(signed)) {
      const entry = wrap(signed);
      cache?.set(key, entry, staleAtMs, nowMs);
      return finish(entry);
    }
    const promise = signed.then(wrap, (error: unknown) => {
      throw signingFailed(error);
    });
    const shared = cache === null ? promise : cache.track(key, promise.then((entry) => {
      cache.set(key, entry, staleAtMs, now());
      return entry;
    }));
    return shared.then(finish);
  }

  function decide(request: AccelRequest, response: AccelResponseView): MaybePromise<AccelDecision> {
    const raw = readSingleHeader(response, 'x-accel-redirect');
    if (raw === undefined) return PASS;
    try {
      // SECURITY: two different X-Accel-Redirect values have no single meaning (Nginx refuses duplicates too).
      if (raw === CONFLICTING) throw unsafePath('more than one value');
      const decision = decideFor(route(raw), request, response);
      if (!isPromiseLike(decision)) return decision;
      return decision.catch((error: unknown) => {
        report(error, typeof raw === 'string' ? raw : undefined);
        throw error;
      });
    } catch (error) {
      report(error, typeof raw === 'string' ? raw : undefined);
      throw error;
    }
  }

  debug('engine ready: %d location(s), cache %o', table.locations.length, cacheSettings ?? 'off');
  return Object.freeze({
    decide,
    ready: () => Promise.all(table.locations.map((location) => location.target.ready())).then(() => undefined),
    locations: table.locations.map((location) => location.prefix),
    needsClientIp,
  });
}
