/** A piece of what follows the location key in an internal path: literal text or a regex capture. */
export type RestPart = { text: string } | { capture: string; aliases: string[] };

/** How a `location` matches, as cdn-accel can express it: a key, and how the rest of the path is named. */
export interface LocationPattern {
  /** `prefix` (`/p/`, `^~ /p/`), `exact` (`= /p/f`), `regex` (`~`, `~*`) or `named` (`@name`). */
  kind: 'prefix' | 'exact' | 'regex' | 'named';
  /** The cdn-accel location key: a prefix ending in `/`, or `@name`. Undefined when none can be derived. */
  key?: string;
  /** The path after `key`, as pieces: `[{ capture: 'rest' }]` for a prefix location. */
  rest: RestPart[];
  /** What Nginx strips before appending the rest to an `alias` or a `proxy_pass` URI: the prefix as written. */
  nginxPrefix?: string;
  /** The path `rest` follows: `key`, except for a named location, whose path is the client's own request path. */
  base?: string;
  /** What cdn-accel matches differently from Nginx, for the report; empty when nothing. */
  differences: string[];
  /** Why no key could be derived. */
  problem?: string;
}

/** The captures in `rest` written into a string, so that a directive's value can be compared with it. */
export function placeholder(name: string): string {
  return `\u0000${name}\u0000`;
}

export function restString(rest: RestPart[]): string {
  return rest.map((part) => ('text' in part ? part.text : placeholder(part.capture))).join('');
}

const OPEN_CAPTURES = new Set(['.*', '.+', '[^/]+', '[^/]*', '.*?', '.+?']);

/** The literal path at the start of an anchored regex: `^/internal/s3/` of `^/internal/s3/(?<h>[^/]+)`. */
function literalPrefix(source: string): { literal: string; end: number } {
  let literal = '';
  let index = 1;
  while (index < source.length) {
    const ch = source[index] as string;
    if (ch === '\\' && /[./\-_~]/.test(source[index + 1] ?? '')) {
      literal += source[index + 1];
      index += 2;
    } else if (/[A-Za-z0-9/\-_~%]/.test(ch)) {
      literal += ch;
      index += 1;
    } else break;
  }
  // A quantifier applies to the last literal character, which is then not literal.
  if (/[*+?{]/.test(source[index] ?? '')) {
    literal = literal.slice(0, -1);
    index -= 1;
  }
  return { literal, end: index };
}

/** The captures and literal text after the prefix: only unnested groups and plain characters are read. */
function restParts(source: string, start: number): { parts: RestPart[]; open: boolean } | undefined {
  const parts: RestPart[] = [];
  let open = true;
  let number = 0;
  let index = start;
  while (index < source.length) {
    const ch = source[index] as string;
    if (ch === '$' && index === source.length - 1) break;
    if (ch === '(') {
      const close = source.indexOf(')', index);
      const inner = source.slice(index + 1, close);
      if (close === -1 || inner.includes('(')) return undefined;
      number += 1;
      const named = /^\?(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')(.*)$/s.exec(inner);
      if (inner.startsWith('?') && named === null) return undefined;
      const body = named === null ? inner : (named[3] as string);
      if (!OPEN_CAPTURES.has(body)) open = false;
      const name = named?.[1] ?? named?.[2];
      parts.push(name === undefined ? { capture: String(number), aliases: [] } : { capture: name, aliases: [String(number)] });
      index = close + 1;
      if (/[*+?{]/.test(source[index] ?? '')) return undefined;
    } else if (ch === '\\' && /[./\-_~]/.test(source[index + 1] ?? '')) {
      parts.push({ text: source[index + 1] as string });
      index += 2;
    } else if (/[A-Za-z0-9/\-_~%=]/.test(ch) && !/[*+?{]/.test(source[index + 1] ?? '')) {
      parts.push({ text: ch });
      index += 1;
    } else return undefined;
  }
  return { parts: mergeText(parts), open };
}

/** Adjacent texts joined. */
function mergeText(parts: RestPart[]): RestPart[] {
  const merged: RestPart[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if ('text' in part && last !== undefined && 'text' in last) last.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}

function regexPattern(modifier: string, source: string): LocationPattern {
  const differences: string[] = [];
  if (modifier === '~*') differences.push('Nginx matched the regex without regard to case; cdn-accel matches the prefix exactly');
  if (!source.startsWith('^')) return { kind: 'regex', rest: [], differences, problem: 'the regex is not anchored with "^", so it has no fixed prefix' };
  const { literal, end } = literalPrefix(source);
  const cut = literal.lastIndexOf('/') + 1;
  const key = literal.slice(0, cut);
  if (!key.startsWith('/')) return { kind: 'regex', rest: [], differences, problem: 'the regex does not start with a literal path such as ^/internal/' };
  const parsed = restParts(source, end);
  if (parsed === undefined) return { kind: 'regex', key, rest: [], differences, problem: 'the part after the prefix is more than plain text and unnested captures' };
  if (!parsed.open) differences.push('the captures\' own patterns are not checked: any path under the prefix is accepted');
  // Without "$" or a final .* / .+ capture the regex also matched longer paths, whose tail no capture holds.
  if (!source.endsWith('$') && !/\(\?(?:P?<\w+>|'\w+')?\.[*+]\??\)$|\(\.[*+]\??\)$/.test(source)) differences.push('the regex also matched longer paths, whose tail Nginx left out of alias and proxy_pass; cdn-accel keeps it');
  const rest: RestPart[] = literal.length > cut ? [{ text: literal.slice(cut) }, ...parsed.parts] : parsed.parts;
  return { kind: 'regex', key, rest: mergeText(rest), differences };
}

/** How cdn-accel can express the match of `location <args>`. */
export function locationPattern(args: string[]): LocationPattern {
  const [first = '', second] = args;
  if (args.length === 1 && first.startsWith('@')) return { kind: 'named', key: first, base: '/', rest: [{ capture: 'rest', aliases: [] }], differences: [] };
  if (second !== undefined && (first === '~' || first === '~*')) return regexPattern(first, second);
  if (second !== undefined && first === '=') {
    const key = second.slice(0, second.lastIndexOf('/') + 1);
    const name = second.slice(key.length);
    if (name === '') return { kind: 'exact', key, rest: [], differences: [`Nginx matched only ${second} itself; cdn-accel also takes paths under it`] };
    return { kind: 'exact', key, rest: [{ text: name }], differences: [`Nginx matched only ${second}; cdn-accel takes every path under ${key}`] };
  }
  const prefix = second !== undefined && first === '^~' ? second : first;
  if (!prefix.startsWith('/')) return { kind: 'prefix', rest: [], differences: [], problem: `"${args.join(' ')}" is not a location form cdn-accel knows` };
  const rest: RestPart[] = [{ capture: 'rest', aliases: [] }];
  if (prefix.endsWith('/')) return { kind: 'prefix', key: prefix, nginxPrefix: prefix, rest, differences: [] };
  return { kind: 'prefix', key: `${prefix}/`, nginxPrefix: prefix, rest, differences: [`Nginx also matched ${prefix}<anything>; cdn-accel takes only paths under ${prefix}/`] };
}
