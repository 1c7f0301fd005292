import type { Accel, AccelLogger, Clock } from '@cdn-accel/core';
import { configError, describeValue, silentLogger } from '@cdn-accel/core/internal';
import { withoutQuery, type AccessLogger } from '../server/access-log.js';
import { milliseconds, resolveEngine, type AccelProxyEngine } from '../server/options.js';

/** Options of `createAccelBackend`: the engine (`accel`, or `locations` to build it) and the server's own. */
export type AccelBackendOptions = AccelProxyEngine & BackendServerOptions;

/** The backend's own options, beside the engine. */
export interface BackendServerOptions {
  /**
   * Whether the peer is a trusted Nginx: `ip: 'client'` locations then bind to its `X-Real-IP` header (set from
   * `$remote_addr`). When false they bind to the TCP peer, which is Nginx's own address. @default false
   */
  trustForwarded?: boolean;
  /** Milliseconds of silence from the CDN in stream mode before a 504 or a cut body. @default 30000 */
  streamTimeout?: number;
  /** A path answered `200 {"status":"ok"}` (503 while shutting down), e.g. `/healthz`. @default false */
  healthPath?: string | false;
  /**
   * Called once per request with a structured entry; its `url` has no query (`/internal/s3/host/a.pdf?…`).
   * @default false (no access log)
   */
  accessLog?: AccessLogger | false;
  /** How long `close()` lets requests in flight finish before cutting them, ms. @default 10000 */
  shutdownTimeout?: number;
  /** Where signing failures and configuration warnings are reported. @default silentLogger */
  logger?: AccelLogger;
  /** Clock for the access log. @default Date.now */
  now?: Clock;
}

/** Options with every default applied, validated once. */
export interface ResolvedBackendOptions {
  accel: Accel;
  trustForwarded: boolean;
  streamTimeout: number;
  healthPath: string | false;
  accessLog: AccessLogger | false;
  shutdownTimeout: number;
  logger: AccelLogger;
  now: Clock;
}

/** Validates `options` and applies the defaults. Throws `ERR_ACCEL_CONFIG` naming the field. */
export function resolveBackendOptions(options: AccelBackendOptions): ResolvedBackendOptions {
  if (typeof options !== 'object' || options === null) throw configError('createAccelBackend()', 'expected an options object', 'Pass { locations } or { accel }');
  const logger = options.logger ?? silentLogger;
  const accel = resolveEngine(options, logger, 'createAccelBackend({ … })');
  const healthPath = options.healthPath ?? false;
  if (healthPath !== false && (typeof healthPath !== 'string' || !healthPath.startsWith('/'))) {
    throw configError('healthPath', `expected a path starting with "/", got ${describeValue(healthPath)}`, 'Use e.g. "/healthz", or false');
  }
  if (options.accessLog !== undefined && options.accessLog !== false && typeof options.accessLog !== 'function') {
    throw configError('accessLog', 'is not a function', 'Pass (entry) => void, or false');
  }
  const trustForwarded = options.trustForwarded ?? false;
  if (typeof trustForwarded !== 'boolean') throw configError('trustForwarded', `expected true or false, got ${describeValue(trustForwarded)}`, 'Pass true when only Nginx can reach the backend');
  return {
    accel,
    trustForwarded,
    streamTimeout: milliseconds('streamTimeout', options.streamTimeout, 30_000),
    healthPath,
    accessLog: options.accessLog === undefined || options.accessLog === false ? false : withoutQuery(options.accessLog),
    shutdownTimeout: milliseconds('shutdownTimeout', options.shutdownTimeout, 10_000),
    logger,
    now: options.now ?? Date.now,
  };
}
