import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { silentLogger, type AccelLogger } from '../runtime/logger.js';
import type { AccelCacheOptions } from '../cache/signed-url-cache.js';
import type { AccelTarget } from '../contract/target.js';

/** Status codes for the redirect. */
export interface RedirectStatusOptions {
  /** For GET and HEAD. @default 302 */
  safe?: 301 | 302 | 303 | 307 | 308;
  /** For every other method (a POST that answered with X-Accel-Redirect). @default 303 */
  unsafe?: 302 | 303 | 307 | 308;
}

/** Options of `createAccel`. */
export interface AccelOptions {
  /**
   * Internal path prefix (starts and ends with `/`, like an Nginx `location /protected/`) → target. Longest prefix
   * wins. A key `@name` (like `location @files`) answers `X-Accel-Redirect: @name` exactly, for the object the
   * client's own request path names (`AccelRequest.url`).
   */
  locations: Record<string, AccelTarget>;
  /** Where refusals and signing failures are reported (with the code, never a secret). @default silentLogger */
  logger?: AccelLogger;
  /** Clock for expiries, ms since the epoch. @default Date.now */
  now?: Clock;
  /** Signed-URL cache; `false` to sign on every request. @default { max: 10000, window: 60 } */
  cache?: AccelCacheOptions | false;
  /** Redirect status codes. @default { safe: 302, unsafe: 303 } */
  redirectStatus?: RedirectStatusOptions;
  /**
   * Signatures that local CloudFront keys make for requests the cache cannot answer (misses, or every request
   * with `cache: false`) are made together, right after the event loop's current I/O callbacks, instead of one
   * per request in between. `decide` then answers such a request with a promise. `false`: each is signed on the
   * spot and `decide` answers synchronously. @default true
   */
  batchSignatures?: boolean;
}

export interface RedirectStatuses {
  safe: number;
  unsafe: number;
}

const SAFE = [301, 302, 303, 307, 308];
const UNSAFE = [302, 303, 307, 308];

export function checkLogger(logger: unknown): AccelLogger {
  if (logger === undefined) return silentLogger;
  const candidate = logger as Partial<AccelLogger> | null;
  if (typeof candidate !== 'object' || candidate === null || ['info', 'warn', 'error'].some((name) => typeof candidate[name as keyof AccelLogger] !== 'function')) {
    throw configError('logger', `expected an object with info, warn and error functions, got ${describeValue(logger)}`, 'Pass console, a pino/winston logger, or leave it out');
  }
  return candidate as AccelLogger;
}

export function checkClock(now: unknown): Clock {
  if (now === undefined) return systemClock;
  if (typeof now !== 'function') throw configError('now', `expected a function, got ${describeValue(now)}`, 'Pass a clock returning ms since the epoch, like Date.now');
  return now as Clock;
}

export function checkRedirectStatus(option: RedirectStatusOptions | undefined): RedirectStatuses {
  if (option === undefined) return { safe: 302, unsafe: 303 };
  if (typeof option !== 'object' || option === null) {
    throw configError('redirectStatus', `expected { safe?, unsafe? }, got ${describeValue(option)}`, 'Pass e.g. { safe: 302, unsafe: 303 }');
  }
  const safe = option.safe ?? 302;
  const unsafe = option.unsafe ?? 303;
  if (!SAFE.includes(safe)) throw configError('redirectStatus.safe', `expected one of ${SAFE.join(', ')}, got ${describeValue(safe)}`, 'Use 302 (the default)');
  if (!UNSAFE.includes(unsafe)) throw configError('redirectStatus.unsafe', `expected one of ${UNSAFE.join(', ')}, got ${describeValue(unsafe)}`, 'Use 303 so browsers follow with GET');
  return { safe, unsafe };
}

export function checkBatchSignatures(option: unknown): boolean {
  if (option === undefined) return true;
  if (typeof option !== 'boolean') throw configError('batchSignatures', `expected true or false, got ${describeValue(option)}`, 'Leave it out (true) or pass false to sign each miss on the spot');
  return option;
}
