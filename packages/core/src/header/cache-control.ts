/** The `max-age` and `s-maxage` directives of a Cache-Control value (directive names are case-insensitive). */
const MAX_AGES = /(?:^|[\s,])(s-maxage|max-age)\s*=\s*"?(\d+)/gi;

/** One `max-age` or `s-maxage` directive: its name as written, and its seconds. */
export interface MaxAgeDirective {
  name: string;
  seconds: number;
}

/** Every `max-age` and `s-maxage` of a Cache-Control value, in order. */
export function maxAgeDirectives(cacheControl: string): MaxAgeDirective[] {
  return Array.from(cacheControl.matchAll(MAX_AGES), (match) => ({ name: match[1] as string, seconds: Number(match[2]) }));
}

/** Shortens every `max-age` and `s-maxage` of `cacheControl` that is longer than `remaining` seconds to it. */
export function clampCacheControl(cacheControl: string, remaining: number): string {
  const seconds = String(Math.max(0, remaining));
  return cacheControl.replace(MAX_AGES, (whole, _name: string, value: string) => (Number(value) > remaining ? whole.slice(0, whole.length - value.length) + seconds : whole));
}
