import { isAccelHeader } from '@cdn-accel/core';

/**
 * Headers that describe one connection, never the message (RFC 9110 §7.6.1): a proxy removes them, and the
 * headers the `Connection` header names, in both directions. `Proxy-Connection` is the pre-standard spelling.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'transfer-encoding', 'upgrade']);

/** The lower-case names listed in `Connection` header values (`close, X-Foo` names `close` and `x-foo`). */
export function connectionTokens(values: string | readonly string[] | undefined): Set<string> {
  const tokens = new Set<string>();
  if (values === undefined) return tokens;
  for (const value of typeof values === 'string' ? [values] : values) {
    for (const token of value.split(',')) {
      const name = token.trim().toLowerCase();
      if (name !== '') tokens.add(name);
    }
  }
  return tokens;
}

/** Whether `lower` (a lower-case header name) belongs to the connection it arrived on. */
export function isHopByHop(lower: string, named: ReadonlySet<string>): boolean {
  return HOP_BY_HOP.has(lower) || named.has(lower);
}

/** The `Connection` values of a raw header list (`[name, value, …]`). */
function rawConnectionValues(raw: readonly string[]): string[] {
  const values: string[] = [];
  for (let index = 0; index < raw.length; index += 2) {
    if ((raw[index] as string).toLowerCase() === 'connection') values.push(raw[index + 1] as string);
  }
  return values;
}

/** The upstream's response headers the client may see, as a raw list, and what the proxy needs to know of the rest. */
export interface EndToEndHeaders {
  /** Names and values in the app's order and case, repeats kept. */
  headers: string[];
  /** Whether the app's body was chunked, the only framing that can end in trailers. */
  chunked: boolean;
  /** Lower-case names the client must not get as trailers either: internal and connection-named headers. */
  dropped: ReadonlySet<string>;
}

/**
 * The end-to-end headers of an upstream response: without internal headers (X-Accel-*, X-Sendfile*,
 * X-Lighttpd-*), hop-by-hop headers and the headers `Connection` names; a `Trailer` header lists only the
 * trailers that will be passed on. `keep` names hop-by-hop headers to pass anyway (`upgrade` on a 101).
 */
export function endToEndHeaders(raw: readonly string[], keep: ReadonlySet<string> = new Set()): EndToEndHeaders {
  const named = connectionTokens(rawConnectionValues(raw));
  const headers: string[] = [];
  const dropped = new Set<string>(named);
  let chunked = false;
  let trailerAt = -1;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index] as string;
    const lower = name.toLowerCase();
    // SECURITY: X-Accel-*, X-Sendfile* and X-Lighttpd-* name internal paths: never shown to a client.
    if (isAccelHeader(name)) {
      dropped.add(lower);
      continue;
    }
    if (lower === 'transfer-encoding') chunked = true;
    // SECURITY: a header the app names in `Connection` is meant for this hop only (RFC 9110 §7.6.1).
    if (isHopByHop(lower, named) && !keep.has(lower)) continue;
    if (lower === 'trailer') trailerAt = headers.length;
    headers.push(name, raw[index + 1] as string);
  }
  if (trailerAt !== -1) announceKeptTrailers(headers, trailerAt, dropped);
  return { headers, chunked, dropped };
}

/** Rewrites the `Trailer` header at `at` so that it names no dropped trailer; removes it when none is left. */
function announceKeptTrailers(headers: string[], at: number, dropped: ReadonlySet<string>): void {
  const kept = [...connectionTokens(headers[at + 1])].filter((name) => !dropped.has(name) && !isAccelHeader(name) && !HOP_BY_HOP.has(name));
  if (kept.length === 0) headers.splice(at, 2);
  else headers[at + 1] = kept.join(', ');
}

/** The upstream's trailers the client may see: none that is internal, hop-by-hop or dropped with the headers. */
export function endToEndTrailers(raw: readonly string[], dropped: ReadonlySet<string>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index] as string;
    const lower = name.toLowerCase();
    // SECURITY: a trailer is a header that comes late: the same rules apply.
    if (isAccelHeader(name) || HOP_BY_HOP.has(lower) || dropped.has(lower)) continue;
    pairs.push([name, raw[index + 1] as string]);
  }
  return pairs;
}
