import { uriEncode } from './uri-encode.js';

/** A query parameter or header as `[name, value]`, raw (not percent-encoded). */
export type Pair = readonly [string, string];

/** Byte-order comparison, as SigV4 sorts (not locale order). */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Canonical query string: each name and value `UriEncode`d, sorted by name then value, joined with `&`. */
export function canonicalQueryString(query: readonly Pair[]): string {
  const encoded = query.map(([name, value]) => [uriEncode(name), uriEncode(value)] as const);
  encoded.sort((a, b) => compareCodeUnits(a[0], b[0]) || compareCodeUnits(a[1], b[1]));
  return encoded.map(([name, value]) => `${name}=${value}`).join('&');
}

const SEQUENTIAL_SPACES = /\s+/g;

export interface CanonicalHeaders {
  /** `name:value\n` lines, sorted by lower-case name. */
  text: string;
  /** `host;x-amz-date`: the lower-case names, sorted, joined with `;`. */
  signedHeaders: string;
}

/**
 * Canonical headers: names lower-cased, values trimmed with inner runs of spaces collapsed,
 * repeated headers joined with `,` in the order they came, sorted by name.
 */
export function canonicalHeaders(headers: readonly Pair[]): CanonicalHeaders {
  const byName = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const values = byName.get(key) ?? [];
    values.push(value.trim().replace(SEQUENTIAL_SPACES, ' '));
    byName.set(key, values);
  }
  const names = [...byName.keys()].sort(compareCodeUnits);
  return {
    text: names.map((name) => `${name}:${(byName.get(name) ?? []).join(',')}\n`).join(''),
    signedHeaders: names.join(';'),
  };
}

/**
 * Removes `.` and `..` segments and empty segments (RFC 3986 §5.2.4 plus slash collapsing), as
 * SigV4 does for every service except S3. S3 signs the path exactly as sent.
 */
export function normalizePath(path: string): string {
  const output: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') output.pop();
    else output.push(segment);
  }
  const trailing = path.length > 1 && (path.endsWith('/') || path.endsWith('/.') || path.endsWith('/..')) && output.length > 0;
  return `/${output.join('/')}${trailing ? '/' : ''}`;
}
