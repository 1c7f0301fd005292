import { parseCliTime } from '@cdn-accel/core/internal';
import { CliUsageError, type CliIo } from './command.js';
import { durationFlag } from './duration-flag.js';

/** The expiry in epoch seconds: --expires (a time) or --expires-in (a duration from now), one of them. */
export function expiryFlags(values: { expires?: string; 'expires-in'?: string }, io: CliIo): number {
  const lifetime = durationFlag('expires-in', values['expires-in']);
  if ((lifetime === undefined) === (values.expires === undefined)) throw new CliUsageError(lifetime === undefined ? '--expires-in (or --expires) is required' : 'give --expires-in or --expires, not both');
  if (lifetime !== undefined) return Math.floor(io.now() / 1000) + lifetime;
  const at = Math.floor(parseCliTime(values.expires as string, '--expires').getTime() / 1000);
  if (at * 1000 <= io.now()) io.stderr(`warning: --expires ${new Date(at * 1000).toISOString()} is already past; the edge will refuse this URL\n`);
  return at;
}
