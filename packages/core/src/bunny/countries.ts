import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';

const TWO_LETTERS = /^[A-Za-z]{2}$/;
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** Why `code` (two letters, upper case) is not a country code bunny.net can match, or undefined when it is one. */
function problemWith(code: string): string | undefined {
  // ICU's region aliases turn old or informal codes into the current ISO one (UK → GB, SU → RU, YU → RS).
  const canonical = new Intl.Locale(`und-${code}`).region;
  if (canonical !== undefined && canonical !== code) return `"${code}" is not the ISO 3166-1 code; use "${canonical}"`;
  if (code === 'ZZ' || regionNames.of(code) === code) return `"${code}" is not an ISO 3166-1 alpha-2 country code`;
  return undefined;
}

/**
 * Validates a list of ISO 3166-1 alpha-2 codes once, at startup, and returns them upper case, comma-joined as
 * `token_countries` carries them. Undefined stays undefined (no restriction).
 */
export function checkCountries(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  const example = "Use e.g. ['CA', 'US'] (ISO 3166-1 alpha-2), or leave it out";
  if (!Array.isArray(value) || value.length === 0) {
    throw configError(field, `expected a non-empty array of country codes, got ${describeValue(value)}`, example);
  }
  const codes: string[] = [];
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string' || !TWO_LETTERS.test(item)) {
      throw configError(`${field}[${index}]`, `expected a two-letter country code, got ${describeValue(item)}`, example);
    }
    const code = item.toUpperCase();
    const problem = problemWith(code);
    if (problem !== undefined) throw configError(`${field}[${index}]`, problem, example);
    if (codes.includes(code)) throw configError(`${field}[${index}]`, `"${code}" is listed twice`, 'List each country once');
    codes.push(code);
  }
  return codes.join(',');
}

/** A country both allowed and blocked is a contradiction bunny.net resolves its own way: refuse it. */
export function checkCountryOverlap(allowed: string | undefined, blocked: string | undefined): void {
  if (allowed === undefined || blocked === undefined) return;
  const both = allowed.split(',').filter((code) => blocked.split(',').includes(code));
  if (both.length > 0) {
    throw configError('blockedCountries', `${both.map((code) => `"${code}"`).join(', ')} ${both.length === 1 ? 'is' : 'are'} also in countries`, 'List a country in countries or in blockedCountries, not both');
  }
}
