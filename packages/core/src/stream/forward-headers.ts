import type { HeaderPairs } from '../contract/decision.js';

/**
 * The only client request headers that may reach the CDN. Everything else (Cookie, Authorization,
 * X-Forwarded-*, the app's own headers) stays on this side.
 */
const FORWARDABLE = new Set(['range', 'if-range', 'if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since']);

/** Keeps the forwardable headers of `pairs`, lower-cased, first occurrence only. */
export function originRequestHeaders(pairs: HeaderPairs): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    // SECURITY: an allow-list, not a deny-list: the client's Cookie and Authorization (and anything a
    // future engine version might pass by mistake) never reach the CDN, which could log or cache them.
    if (!FORWARDABLE.has(lower) || lower in headers) continue;
    headers[lower] = value;
  }
  return headers;
}
