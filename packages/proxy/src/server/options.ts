import { Pool, type Dispatcher } from 'undici';
import { createAccel, type Accel, type AccelLogger, type AccelOptions, type Clock } from '@cdn-accel/core';
import { configError, describeValue, silentLogger } from '@cdn-accel/core/internal';
import { createSecureContext } from 'node:tls';
import type { AccessLogger } from './access-log.js';
import type { ProxyTlsOptions } from './listener.js';

/** The engine: built by you (`accel`), or from its options (`locations`, with `cache`, `redirectStatus` and `batchSignatures`). */
export type AccelProxyEngine =
  | {
      /** The engine that decides X-Accel-Redirect responses (`createAccel(...)`), shared with other front ends. */
      accel: Accel;
      locations?: never;
    }
  | ({
      accel?: never;
      /** Locations as `createAccel` takes them; the proxy builds the engine (with its `logger`). */
      locations: AccelOptions['locations'];
    } & Pick<AccelOptions, 'cache' | 'redirectStatus' | 'batchSignatures'>);

/** Options of `createAccelProxy`. */
export type AccelProxyOptions = AccelProxyEngine & ProxyServerOptions;

/** The proxy's own options, beside the engine. */
export interface ProxyServerOptions {
  /** Base URL of the app, `http://127.0.0.1:8000`. Only `http:` and `https:`. */
  upstream: string | URL;
  /**
   * Milliseconds of silence on the upstream connection (waiting for the response, or between body chunks)
   * before giving up: 504 if nothing was sent yet, else the client connection is cut. `0` waits forever
   * (long-lived Server-Sent Events with no heartbeat). @default 60000
   */
  upstreamTimeout?: number;
  /**
   * The undici dispatcher upstream requests go through (a `Pool` or `Agent` of your own, e.g. with TLS options
   * for an `https:` app). @default a keep-alive undici `Pool` on `upstream`'s origin, at most 256 connections
   */
  upstreamDispatcher?: Dispatcher;
  /** Milliseconds of silence from the CDN in stream mode before a 504 or a cut body. @default 30000 */
  streamTimeout?: number;
  /** A path answered `200 {"status":"ok"}` by the proxy itself (503 while shutting down), e.g. `/healthz`. @default false */
  healthPath?: string | false;
  /** Called once per request with a structured entry. @default false (no access log) */
  accessLog?: AccessLogger | false;
  /**
   * Whether a load balancer in front is trusted: its `X-Forwarded-For` is appended to and its
   * `X-Forwarded-Proto`/`-Host` kept. When false the proxy is the edge and replaces them. @default false
   */
  trustForwarded?: boolean;
  /** How long `close()` lets requests in flight finish before cutting them, ms. @default 10000 */
  shutdownTimeout?: number;
  /**
   * Serve HTTPS with this certificate and key (PEM): HTTP/2, with HTTP/1.1 for clients that do not offer it
   * (ALPN). `AccelProxy.setTls()` swaps them without a restart. @default none (plain HTTP/1.1)
   */
  tls?: ProxyTlsOptions;
  /** Where upstream failures and accel errors are reported. @default silentLogger */
  logger?: AccelLogger;
  /** Clock for the access log. @default Date.now */
  now?: Clock;
}

/** Upstream connections the default pool opens at most; requests beyond wait for a free one. */
const UPSTREAM_CONNECTIONS = 256;

/** Options with every default applied, validated once. */
export interface ResolvedProxyOptions {
  accel: Accel;
  upstream: URL;
  upstreamTimeout: number;
  upstreamDispatcher: Dispatcher;
  ownsDispatcher: boolean;
  streamTimeout: number;
  healthPath: string | false;
  accessLog: AccessLogger | false;
  trustForwarded: boolean;
  shutdownTimeout: number;
  tls: ProxyTlsOptions | undefined;
  logger: AccelLogger;
  now: Clock;
}

const PEM = (value: unknown): boolean => typeof value === 'string' || Buffer.isBuffer(value);

/** Checks a certificate and key once, so that a bad pair fails at startup, naming the field. */
export function checkTls(value: unknown, field = 'tls'): ProxyTlsOptions | undefined {
  if (value === undefined) return undefined;
  const tls = value as Partial<ProxyTlsOptions> | null;
  if (typeof tls !== 'object' || tls === null || !PEM(tls.cert) || !PEM(tls.key)) {
    throw configError(field, `expected { cert, key } as PEM strings or Buffers, got ${describeValue(value)}`, 'Pass e.g. { cert: readFileSync("cert.pem"), key: readFileSync("key.pem") }');
  }
  if (tls.passphrase !== undefined && typeof tls.passphrase !== 'string') {
    throw configError(`${field}.passphrase`, `expected a string, got ${describeValue(tls.passphrase)}`, 'Pass the passphrase of the key, or leave it out');
  }
  try {
    createSecureContext(tls);
  } catch (cause) {
    // SECURITY: OpenSSL's reason names the problem, never the key's bytes.
    throw configError(field, `the certificate and key cannot be used (${(cause as Error).message})`, 'Give a PEM certificate and the PEM private key that belongs to it', cause);
  }
  return tls as ProxyTlsOptions;
}

function parseUpstream(value: unknown): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch (cause) {
    throw configError('upstream', `"${String(value)}" is not a URL`, 'Give the app\'s base URL, e.g. "http://127.0.0.1:8000"', cause);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw configError('upstream', `protocol "${url.protocol}" is not supported`, 'Use an http: or https: URL');
  }
  return url;
}

/** A whole number of milliseconds ≥ 0, or `fallback` when absent; throws `ERR_ACCEL_CONFIG` naming `field`. */
export function milliseconds(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw configError(field, `expected a whole number of milliseconds ≥ 0, got ${describeValue(value)}`, `Give e.g. ${fallback}, or 0 for no limit`);
  }
  return value;
}

/**
 * The engine given (`accel`) or built from its options (`locations`…) with `logger`. `factory` is what the fix of
 * a missing engine shows, e.g. `createAccelProxy({ …, upstream })`.
 */
export function resolveEngine(options: AccelProxyEngine, logger: AccelLogger, factory = 'createAccelProxy({ …, upstream })'): Accel {
  if (options.accel !== undefined && options.locations !== undefined) {
    throw configError('accel', 'and locations are both given', 'Pass either an engine (accel) or its locations, not both');
  }
  if (options.locations !== undefined) {
    const engine: AccelOptions = { locations: options.locations, logger };
    if (options.cache !== undefined) engine.cache = options.cache;
    if (options.redirectStatus !== undefined) engine.redirectStatus = options.redirectStatus;
    if (options.batchSignatures !== undefined) engine.batchSignatures = options.batchSignatures;
    return createAccel(engine);
  }
  if (typeof options.accel?.decide !== 'function') {
    throw configError('accel', 'is missing', `Pass ${factory.replace('…', 'accel: createAccel({ locations })')} or ${factory.replace('…', 'locations')}`);
  }
  return options.accel;
}

/** Validates `options` and applies the defaults. Throws `ERR_ACCEL_CONFIG` naming the field. */
export function resolveProxyOptions(options: AccelProxyOptions): ResolvedProxyOptions {
  if (typeof options !== 'object' || options === null) throw configError('createAccelProxy()', 'expected an options object', 'Pass { accel, upstream }');
  const logger = options.logger ?? silentLogger;
  const accel = resolveEngine(options, logger);
  const healthPath = options.healthPath ?? false;
  if (healthPath !== false && (typeof healthPath !== 'string' || !healthPath.startsWith('/'))) {
    throw configError('healthPath', `expected a path starting with "/", got ${describeValue(healthPath)}`, 'Use e.g. "/healthz", or false');
  }
  if (options.accessLog !== undefined && options.accessLog !== false && typeof options.accessLog !== 'function') {
    throw configError('accessLog', 'is not a function', 'Pass (entry) => void, or false');
  }
  const upstream = parseUpstream(options.upstream);
  const dispatcher = options.upstreamDispatcher;
  if (dispatcher !== undefined && typeof (dispatcher as Partial<Dispatcher>).dispatch !== 'function') {
    throw configError('upstreamDispatcher', 'is not an undici Dispatcher', 'Pass an undici Pool or Agent, or leave it out for the default pool');
  }
  const upstreamTimeout = milliseconds('upstreamTimeout', options.upstreamTimeout, 60_000);
  const streamTimeout = milliseconds('streamTimeout', options.streamTimeout, 30_000);
  const shutdownTimeout = milliseconds('shutdownTimeout', options.shutdownTimeout, 10_000);
  const tls = checkTls(options.tls);
  // Last, once every option is known to be good: a refused config leaves no pool behind.
  return {
    accel,
    upstream,
    upstreamTimeout,
    upstreamDispatcher: dispatcher ?? new Pool(upstream.origin, { connections: UPSTREAM_CONNECTIONS }),
    ownsDispatcher: dispatcher === undefined,
    streamTimeout,
    healthPath,
    accessLog: options.accessLog ?? false,
    trustForwarded: options.trustForwarded ?? false,
    shutdownTimeout,
    tls,
    logger,
    now: options.now ?? Date.now,
  };
}
