import type { AccelResponseView } from '@cdn-accel/core';

/**
 * The upstream's response headers as the engine reads them, straight from `rawHeaders`. Node's `headers`
 * object would be built for every response just to learn that most carry no `X-Accel-Redirect`, and it joins
 * a repeated header into one `a, b` string; here a repeated header stays a list, as `getHeader` reports it in
 * Koa and Express, so the engine refuses two different `X-Accel-Redirect` values the same way everywhere.
 */
export function rawHeaderView(raw: readonly string[]): AccelResponseView {
  return {
    getHeader(name) {
      const wanted = name.toLowerCase();
      let found: string | string[] | undefined;
      for (let index = 0; index < raw.length; index += 2) {
        const key = raw[index] as string;
        if (key.length !== wanted.length || key.toLowerCase() !== wanted) continue;
        const value = raw[index + 1] as string;
        if (found === undefined) found = value;
        else if (typeof found === 'string') found = [found, value];
        else found.push(value);
      }
      return found;
    },
  };
}
