import type { AccelRequest, AccelResponseView } from '../contract/request.js';
import type { ResponseOverrides } from '../contract/target.js';
import { parseAccelExpires } from '../header/parse-accel-expires.js';
import { readSingleHeader } from '../header/read-header.js';
import { bindableIp } from './client-ip.js';
import { overridesKey, readOverrides } from './read-overrides.js';
import type { MatchedRedirect } from './route-memo.js';

/** Everything the signed URL for one request depends on, read from the request and the app's response. */
export interface SignatureRequest {
  readonly route: MatchedRedirect;
  /** All of the below as one cache key. */
  readonly key: string;
  /** The plain case: a GET-signed URL for the location's full lifetime, with no IP and no overrides. */
  readonly plain: boolean;
  /** Seconds the URL lives: the location's, or shorter by `X-Accel-Expires`. */
  readonly lifetime: number;
  /** What the URL is signed for: HEAD only for a client HEAD where the target binds the method (S3) or streams. */
  readonly method: 'GET' | 'HEAD';
  /** GET or HEAD, which get the `safe` redirect status. */
  readonly safeMethod: boolean;
  readonly clientIp: string | undefined;
  readonly overrides: ResponseOverrides | undefined;
  /** The engine's clock when the request was read. */
  readonly nowMs: number;
}

/** Reads what one request asks to be signed. Throws a 403 for an IP-bound location's client without IPv4. */
export function readSignatureRequest(route: MatchedRedirect, request: AccelRequest, response: AccelResponseView, nowMs: number): SignatureRequest {
  const target = route.location.target;
  const expires = readSingleHeader(response, 'x-accel-expires');
  const lifetime = parseAccelExpires(typeof expires === 'string' ? expires : undefined, nowMs / 1000, target.expiresIn) ?? target.expiresIn;
  const safeMethod = request.method === 'GET' || request.method === 'HEAD';
  const method = (target.mode === 'stream' || target.methodBound) && request.method === 'HEAD' ? 'HEAD' : 'GET';
  const clientIp = bindableIp(target, request.clientIp);
  const overrides = readOverrides(response, route.carry);
  // The plain case reuses one string: no key to build, and its hash is already known to the cache's map.
  const plain = lifetime === target.expiresIn && method === 'GET' && safeMethod && clientIp === undefined && overrides === undefined;
  const key = plain ? route.plainKey : cacheKey(route.path, route.query, lifetime, method, safeMethod, clientIp, overrides);
  return { route, key, plain, lifetime, method, safeMethod, clientIp, overrides, nowMs };
}

/** The cache key of a route's plain case. */
export function plainCacheKey(path: string, query: string, lifetime: number): string {
  return cacheKey(path, query, lifetime, 'GET', true, undefined, undefined);
}

function cacheKey(path: string, query: string, lifetime: number, method: 'GET' | 'HEAD', safeMethod: boolean, clientIp: string | undefined, overrides: ResponseOverrides | undefined): string {
  return `${path}\u0000${query}\u0000${lifetime}\u0000${method}${safeMethod ? 1 : 0}\u0000${clientIp ?? ''}\u0000${overridesKey(overrides)}`;
}
