import type { IncomingMessage, ServerResponse } from 'node:http';

const EXPOSED = 'Content-Range, Content-Length, Content-Disposition, ETag, Last-Modified, Accept-Ranges';
const ALLOWED_REQUEST_HEADERS = new Set(['range', 'if-range', 'if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since']);

/**
 * CORS the way a CloudFront response headers policy adds it: only for the configured origins, with
 * credentials, so a page on the app's origin can `fetch(…, { credentials: 'include' })` signed-cookie content.
 * Returns true when it answered a preflight itself.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (allowedOrigins.size === 0) return false;
  res.setHeader('Vary', 'Origin');
  // SECURITY: the Origin is echoed only when listed; a wildcard with credentials would let any site read the files.
  if (origin === undefined || !allowedOrigins.has(origin)) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  // A preflight carries no cookies or signature by design, so it is answered without one (CloudFront's
  // OPTIONS caching behaves alike when the behavior allows OPTIONS).
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => ALLOWED_REQUEST_HEADERS.has(name));
  res.statusCode = 204;
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
  if (requested.length > 0) res.setHeader('Access-Control-Allow-Headers', requested.join(', '));
  res.setHeader('Access-Control-Max-Age', '600');
  res.end();
  return true;
}
