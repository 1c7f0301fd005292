import { AccelError, isAccelError } from '../errors/accel-error.js';

/**
 * A signer's startup error as the target's: `within` goes before the field it names, and the signer's own name for
 * an option becomes the target's (`baseUrl: …` → `bunny.url: …`). Errors other than config errors pass unchanged.
 */
export function asTargetError(cause: unknown, within: string, renamed: Readonly<Record<string, string>> = {}): unknown {
  if (!isAccelError(cause) || cause.code !== 'ERR_ACCEL_CONFIG') return cause;
  const field = /^[A-Za-z]\w*/.exec(cause.message)?.[0] ?? '';
  const message = Object.hasOwn(renamed, field) ? renamed[field] + cause.message.slice(field.length) : cause.message;
  return new AccelError('ERR_ACCEL_CONFIG', `${within}${message}`, { status: 500, expose: false, cause });
}
