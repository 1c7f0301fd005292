import type { AccelResponseView } from '@cdn-accel/core';

/**
 * The upstream's response headers as the engine reads them, straight from `rawHeaders`. Node's `headers`
 * object would be built for every response just to learn that most carry no `X-Accel-Redirect`, and it joins
 * a repeated header into one `a, b` string; here a repeated header stays a list, as `getHeader` reports it in
 * Koa and Express, so the engine refuses two different `X-Accel-Redirect` values the same way everywhere.
 */
export function rawHeaderView(raw: readonly string[]): AccelResponseView {
  return { getHeader: (name) => rawHeader(raw, name.toLowerCase()) };
}

/** One header of a raw list, by lower-case name: undefined, its value, or its values in order when repeated. */
export function rawHeader(raw: readonly string[], lowerName: string): string | string[] | undefined {
  let found: string | string[] | undefined;
  for (let index = 0; index < raw.length; index += 2) {
    const key = raw[index] as string;
    if (key.length !== lowerName.length || key.toLowerCase() !== lowerName) continue;
    const value = raw[index + 1] as string;
    if (found === undefined) found = value;
    else if (typeof found === 'string') found = [found, value];
    else found.push(value);
  }
  return found;
}
