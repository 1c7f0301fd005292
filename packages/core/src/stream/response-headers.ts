import type { IncomingHttpHeaders } from 'node:http';
import type { HeaderPairs } from '../contract/decision.js';

/**
 * Object headers copied from the CDN's response. The CDN's own headers (Server, Via, X-Amz-*, X-Cache,
 * Set-Cookie…) are not: the client must not learn where the bytes came from.
 */
const FROM_ORIGIN = [
  'content-type',
  'content-length',
  'content-range',
  'content-encoding',
  'content-language',
  'content-disposition',
  'etag',
  'last-modified',
  'accept-ranges',
  'cache-control',
  'expires',
  'vary',
] as const;

const CANONICAL: Record<string, string> = {
  etag: 'ETag',
};

function canonical(name: string): string {
  return CANONICAL[name] ?? name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}

/** Adds `; charset=…` to a textual Content-Type that has none, as Nginx's `X-Accel-Charset` does. */
export function withCharset(contentType: string, charset: string | undefined): string {
  if (charset === undefined || /;\s*charset=/i.test(contentType)) return contentType;
  return /^(text\/|application\/(json|javascript|xml))/i.test(contentType) ? `${contentType}; charset=${charset}` : contentType;
}

/**
 * The client's response headers: the object's headers from the CDN, then the app's overrides, which win
 * (as in Nginx, where the app's Content-Type and Content-Disposition survive the internal redirect), then the
 * app's `fallback` headers of names neither sent.
 */
export function clientResponseHeaders(origin: IncomingHttpHeaders, overrides: HeaderPairs, charset?: string, fallback?: HeaderPairs): HeaderPairs {
  const overridden = new Set(overrides.map(([name]) => name.toLowerCase()));
  const headers: HeaderPairs = [];
  for (const name of FROM_ORIGIN) {
    const value = origin[name];
    if (typeof value !== 'string' || overridden.has(name)) continue;
    headers.push([canonical(name), value]);
  }
  for (const [name, value] of overrides) headers.push([name, value]);
  if (fallback !== undefined) {
    for (const [name, value] of fallback) if (!headers.some(([sent]) => sent.toLowerCase() === name.toLowerCase())) headers.push([name, value]);
  }
  return headers.map(([name, value]) => (name.toLowerCase() === 'content-type' ? [name, withCharset(value, charset)] : [name, value]));
}
