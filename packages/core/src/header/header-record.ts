/**
 * Header pairs as one object, the form `setHeader`, `writeHead` and HTTP/2 take: a name that repeats (in any
 * case) holds its values as a list, in order, under its first spelling.
 */
export function headerRecord(pairs: Iterable<readonly [string, string]>): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  const keys = new Map<string, string>();
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    const key = keys.get(lower);
    if (key === undefined) {
      keys.set(lower, name);
      record[name] = value;
      continue;
    }
    const earlier = record[key] as string | string[];
    record[key] = [...(Array.isArray(earlier) ? earlier : [earlier]), value];
  }
  return record;
}
