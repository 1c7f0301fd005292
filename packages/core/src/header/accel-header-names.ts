/**
 * True for the internal headers that must never reach a client: `X-Accel-*` (Nginx), `X-Sendfile*`
 * (Apache, lighttpd 1.5), `X-LIGHTTPD-*` (lighttpd 1.4). Case-insensitive, no regex, no allocation
 * for the common case of a short or unrelated name.
 */
export function isAccelHeader(name: string): boolean {
  // SECURITY: these headers name internal paths; adapters strip every one of them, redirect or not.
  if (name.length < 8) return false;
  const first = name.charCodeAt(0) | 0x20;
  if (first !== 0x78 /* x */ || name.charCodeAt(1) !== 0x2d /* - */) return false;
  const lower = name.toLowerCase();
  return lower.startsWith('x-accel-') || lower.startsWith('x-sendfile') || lower.startsWith('x-lighttpd-');
}
