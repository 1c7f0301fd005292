import { debuglog } from 'node:util';
import { LRUCache } from 'lru-cache';
import { DEFAULT_CACHE, SignedUrlCache, resolveCacheOptions, type CacheEntry } from '../cache/signed-url-cache.js';
import { staleJitterMs, windowedExpiry, windowPhase } from '../cache/expiry-window.js';
import { configError, isAccelError } from '../errors/accel-error.js';
import { parseAccelExpires } from '../header/parse-accel-expires.js';
import { parseAccelRedirect } from '../header/parse-accel-redirect.js';
import { CONFLICTING, readSingleHeader } from '../header/read-header.js';
import { compileLocations, type Location } from '../routing/location-table.js';
import { unsafePath } from '../errors/unsafe-path.js';
import type { MaybePromise } from '../contract/maybe-promise.js';
import { isPromiseLike } from '../runtime/maybe-promise.js';
import { SharedRedirect, streamDecision } from './build-decision.js';
import { bindableIp, warnUnboundIpv6 } from './client-ip.js';
import { checkBatchSignatures, checkClock, checkLogger, checkRedirectStatus } from './engine-options.js';
import { overridesKey, readOverrides } from './read-overrides.js';
import { SignatureBatch } from './signature-batch.js';
import { signingFailed } from './signing-error.js';
import type { Accel } from '../contract/accel.js';
import type { AccelDecision, PassDecision } from '../contract/decision.js';
import type { AccelRequest, AccelResponseView } from '../contract/request.js';
import type { CarryHeaders, ResponseOverrides, TargetSignInput, TargetSignResult } from '../contract/target.js';
import type { AccelOptions } from './engine-options.js';

const debug = debuglog('cdn-accel:engine');
const PASS: PassDecision = Object.freeze({ kind: 'pass' });
const STREAM_CARRY = { contentDisposition: true, cacheControl: true };

/** What one cache entry holds: the signed URL, and for redirect modes the finished decision. */
interface Signed {
  result: TargetSignResult;
  redirect: SharedRedirect | undefined;
}

/** A header value already parsed and matched (hits skip the parser and the location table). */
interface Route {
  plan: Plan;
  path: string;
  query: string;
  /** The cache key of the plain case (GET, the location's lifetime, no IP, no overrides), built once. */
  plainKey: string;
  /**
   * The plain case's cache entry as last found: a hit reads it here instead of looking it up again. The routes
   * are an LRU of their own, so a busy object's entry stays known even where the signed-URL LRU, which such hits
   * no longer touch, has let it go.
   */
  plainEntry: CacheEntry<Signed> | undefined;
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

/** One signature to make: what the target signs, when its cache entry should be refreshed and goes stale. */
interface Signing {
  input: TargetSignInput;
  staleAtMs: number;
  refreshAtMs: number;
  wrap(result: TargetSignResult): Signed;
}

/**
 * How long before its stale time a busy entry is re-signed: a tenth of the window, at most 10 s. Long enough for
 * a signature on the thread pool or a remote signer's round trip, short enough that an object requested only
 * now and then is not signed twice. An entry signed with less than twice that left is refreshed halfway through
 * what it has: the objects first requested together (a restart) are then refreshed spread out, not on their
 * next request all at once.
 */
function refreshLeadMs(window: number): number {
  return Math.min(window * 100, 10_000);
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
  const batch = checkBatchSignatures(options.batchSignatures) ? new SignatureBatch() : undefined;
  const cache = cacheSettings === null ? null : new SignedUrlCache<Signed>(cacheSettings.max);
  const windowFor = (lifetime: number): number => (cacheSettings === null ? 0 : Math.min(cacheSettings.window, Math.floor(lifetime / 5)));
  const plans = new Map<Location, Plan>(table.locations.map((location) => [location, {
    location,
    window: windowFor(location.target.expiresIn),
    streamCarry: { ...STREAM_CARRY, contentType: location.target.carry.contentType },
  }]));
  const needsClientIp = table.locations.some((location) => location.target.ip === 'client');
  warnUnboundIpv6(table.locations, logger);
  // Only safe values are remembered, so a hit is a value that passed every check before.
  const routes = new LRUCache<string, Route>({ max: cacheSettings?.max ?? DEFAULT_CACHE.max });

  function route(raw: string): Route {
    const known = routes.get(raw);
    if (known !== undefined) return known;
    const { path, query } = parseAccelRedirect(raw);
    const plan = plans.get(table.match(path)) as Plan;
    const found: Route = { plan, path, query, plainKey: cacheKey(path, query, plan.location.target.expiresIn, 'GET', true, undefined, undefined), plainEntry: undefined };
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
      let hit = plain ? route.plainEntry : undefined;
      if (hit === undefined || nowMs >= hit.staleAtMs) {
        hit = cache.get(key, nowMs);
        if (plain) route.plainEntry = hit;
      }
      if (hit !== undefined) {
        if (cache.claimRefresh(hit, nowMs)) refresh(hit, { plan, key, path, query, lifetime, customLifetime: custom !== undefined, method, safeMethod, clientIp, overrides, nowMs });
        const signed = hit.value;
        return signed.redirect?.at(nowMs) ?? streamDecision(signed.result.url, request, response, overrides);
      }
      const pending = cache.pending(key);
      if (pending !== undefined) return pending.then((signed) => signed.redirect?.at(now()) ?? streamDecision(signed.result.url, request, response, overrides));
    }
    return sign({ plan, key, path, query, lifetime, customLifetime: custom !== undefined, method, safeMethod, clientIp, overrides, nowMs }, request, response);
  }

  /**
   * One signature as the cache keeps it, for an entry that takes over at `fromMs`: now for a miss, the current
   * entry's stale time for a refresh. The entry goes stale `jitter` ms before its second; the grid is taken from
   * that shifted instant, so the entry is always fresh when stored and its URL still has at least `lifetime` to
   * live when it goes stale.
   */
  function prepare(miss: Miss, fromMs: number): Signing {
    const { plan, key, path, query, lifetime, method, clientIp, overrides, nowMs } = miss;
    const { location } = plan;
    const target = location.target;
    const window = miss.customLifetime ? windowFor(lifetime) : plan.window;
    const jitter = window > 1 ? staleJitterMs(key) : 0;
    const { expiresAt, staleAt } = windowedExpiry((fromMs + jitter) / 1000, lifetime, window, window > 1 ? windowPhase(key, window) : 0);
    const staleAtMs = staleAt * 1000 - jitter;
    const input: TargetSignInput = { key: path.slice(location.prefix.length), query, expiresAt, method, nowMs };
    if (clientIp !== undefined) input.clientIp = clientIp;
    if (overrides !== undefined && target.mode !== 'stream') input.overrides = overrides;
    const status = miss.safeMethod ? statuses.safe : statuses.unsafe;
    return {
      input,
      staleAtMs,
      refreshAtMs: window > 1 ? staleAtMs - Math.min(refreshLeadMs(window), (staleAtMs - fromMs) / 2) : Number.POSITIVE_INFINITY,
      wrap: (result) => ({
        result,
        redirect: target.mode === 'stream' ? undefined : new SharedRedirect(status, result, target.redirectCacheControl, expiresAt, now()),
      }),
    };
  }

  /** The miss path: one signature (shared while in flight), cached until its entry goes stale. */
  function sign(miss: Miss, request: AccelRequest, response: AccelResponseView): MaybePromise<AccelDecision> {
    const { key, overrides, nowMs } = miss;
    const finish = (signed: Signed): AccelDecision => signed.redirect?.at(now()) ?? streamDecision(signed.result.url, request, response, overrides);
    const { input, staleAtMs, refreshAtMs, wrap } = prepare(miss, nowMs);
    const target = miss.plan.location.target;
    const store = (result: TargetSignResult, atMs: number): Signed => {
      const entry = wrap(result);
      cache?.set(key, entry, staleAtMs, refreshAtMs, atMs);
      return entry;
    };
    const signNow = (): MaybePromise<Signed> => {
      let signed: MaybePromise<TargetSignResult>;
      try {
        signed = target.sign(input);
      } catch (error) {
        throw signingFailed(error);
      }
      if (!isPromiseLike(signed)) return store(signed, now());
      return signed.then((result) => store(result, now()), (error: unknown) => {
        throw signingFailed(error);
      });
    };
    let entry: MaybePromise<Signed>;
    // A target with signAhead signs with local CPU-heavy crypto: those signatures are batched.
    if (batch !== undefined && target.signAhead !== undefined) {
      entry = batch.run(signNow);
    } else {
      entry = signNow();
      if (!isPromiseLike(entry)) return finish(entry);
    }
    return (cache === null ? entry : cache.track(key, entry)).then(finish);
  }

  /**
   * Signs the successor of an entry that is still being served, off the event loop where the target can, so
   * that requests for a busy object never wait for its next signature. A miss that comes while it is still under
   * way shares it, as concurrent misses share one signature; once it has failed, the next miss signs anew.
   */
  function refresh(current: CacheEntry<Signed>, miss: Miss): void {
    const signingCache = cache as SignedUrlCache<Signed>;
    const target = miss.plan.location.target;
    const { input, staleAtMs, refreshAtMs, wrap } = prepare(miss, current.staleAtMs);
    let signed: Promise<TargetSignResult>;
    try {
      signed = target.signAhead === undefined ? Promise.resolve(target.sign(input)) : target.signAhead(input);
    } catch (error) {
      signed = Promise.reject(error);
    }
    const successor = signed.then(wrap, (error: unknown) => {
      throw signingFailed(error);
    });
    signingCache.track(miss.key, successor.then((entry) => {
      signingCache.succeed(miss.key, current, entry, staleAtMs, refreshAtMs, now());
      return entry;
    })).catch((error: unknown) => debug('refresh ahead failed (%s): the entry is signed again once stale', (error as { code?: string }).code));
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
