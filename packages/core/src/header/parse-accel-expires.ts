/**
 * `X-Accel-Expires` as a lifetime in seconds, clamped to `max`: `<seconds>` from now, or `@<epoch seconds>`
 * (Nginx's absolute form). `undefined` (keep the location's lifetime) for a missing, `0` or malformed value:
 * Nginx apps send `0` to mean "do not cache this response", which says nothing about the URL's life.
 */
export function parseAccelExpires(value: string | undefined, nowSeconds: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const absolute = text.charCodeAt(0) === 0x40; /* @ */
  const digits = absolute ? text.slice(1) : text;
  if (digits.length === 0 || digits.length > 12 || !isDigits(digits)) return undefined;
  const seconds = absolute ? Number(digits) - Math.floor(nowSeconds) : Number(digits);
  if (seconds <= 0) return absolute ? 1 : undefined;
  return Math.min(seconds, max);
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}
