import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { silentLogger, type AccelLogger } from '../runtime/logger.js';
import type { RedirectStatusOptions } from './types.js';

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
