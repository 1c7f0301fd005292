import { placeholder, type RestPart } from './location-pattern.js';

const VARIABLE = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;
const MAX_ROUNDS = 8;

/** The query Nginx appends for `$is_args$args` and its spellings: cdn-accel keeps the app's query the same way. */
const QUERY_SUFFIX = /(?:\$is_args\$args|\$is_args\$query_string|\?\$args|\?\$query_string)$/;

export interface ExpandedValue {
  /** The value with `set` variables written out and captures as placeholders. */
  value: string;
  /** It ended in `$is_args$args` (or a spelling of it), now removed. */
  keepsQuery: boolean;
  /** Variables left that cdn-accel cannot know (`$host`, `$cookie_…`). */
  unknown: string[];
}

/**
 * A directive's value as cdn-accel can compare it with the location's rest: variables of the location's `set`
 * directives replaced by their values (as Nginx evaluates them at request time), named and numbered captures by
 * placeholders.
 */
export function expandValue(raw: string, sets: ReadonlyMap<string, string>, rest: RestPart[]): ExpandedValue {
  const captures = new Map<string, string>();
  for (const part of rest) if ('capture' in part) for (const name of [part.capture, ...part.aliases]) captures.set(name, part.capture);
  let value = raw;
  for (let round = 0; round < MAX_ROUNDS && /\$/.test(value); round += 1) {
    const next = value.replace(VARIABLE, (match, braced: string | undefined, plain: string | undefined) => sets.get((braced ?? plain) as string) ?? match);
    if (next === value) break;
    value = next;
  }
  const keepsQuery = QUERY_SUFFIX.test(value);
  value = value.replace(QUERY_SUFFIX, '');
  const unknown: string[] = [];
  value = value.replace(VARIABLE, (match, braced: string | undefined, plain: string | undefined) => {
    const name = (braced ?? plain) as string;
    const capture = captures.get(name);
    if (capture !== undefined && capture !== 'rest') return placeholder(capture);
    unknown.push(match);
    return match;
  });
  return { value, keepsQuery, unknown };
}
