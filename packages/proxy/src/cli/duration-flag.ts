import { CliUsageError } from './command.js';

const SECONDS = /^\d+$/;
const UNITS = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/i;
const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

function totalSeconds(text: string): number | undefined {
  if (SECONDS.test(text)) return Number(text);
  const match = UNITS.exec(text) ?? ISO.exec(text);
  if (match === null || match.slice(1).every((part) => part === undefined)) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(days) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/**
 * A lifetime flag as `gcloud` reads durations (`gcloud topic datetimes`): whole seconds (`3600`), units (`10m`, `12h`,
 * `7d`, `1h30m`) or ISO 8601 (`PT1H`). Undefined when the flag is absent; a usage error names the flag otherwise.
 */
export function durationFlag(flag: string, value: string | undefined, max?: number): number | undefined {
  if (value === undefined) return undefined;
  const total = totalSeconds(value.trim());
  if (total === undefined || !Number.isSafeInteger(total) || total < 1) {
    throw new CliUsageError(`--${flag}: "${value}" is not a duration. Give seconds or e.g. 10m, 12h, 1d, 1h30m`);
  }
  if (max !== undefined && total > max) throw new CliUsageError(`--${flag}: ${value.trim()} is longer than the ${max} s (${max / 86_400} days) the provider accepts`);
  return total;
}
