import { AccelError } from '../errors/accel-error.js';

/** Statuses the client gets as the CDN sent them: the object, a part of it, or a conditional answer. */
const PASSED = new Set([200, 206, 304, 412, 416]);

/** Statuses after which no body follows, whatever the headers say. */
export function isBodiless(status: number, method: string): boolean {
  return method === 'HEAD' || status === 304 || status === 204 || (status >= 100 && status < 200);
}

/**
 * Maps the CDN's status to what the client gets. A 404 is the app's object missing (404, exposed);
 * anything else the CDN refuses (403 for a bad signature, 5xx) is our failure to fetch: 502, not exposed.
 */
export function checkOriginStatus(status: number, url: URL): void {
  if (PASSED.has(status)) return;
  if (status === 404 || status === 410) {
    throw new AccelError('ERR_ACCEL_ORIGIN', 'The object does not exist', { status: 404, expose: true });
  }
  throw new AccelError('ERR_ACCEL_ORIGIN', `The origin ${url.host} answered ${status} to the signed request`, { status: 502 });
}
