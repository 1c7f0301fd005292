import type { IncomingMessage } from 'node:http';

/** Bytes of an unwanted body read, at most, so that its connection can serve the next request. */
const DRAIN_LIMIT = 64 * 1024;
/** How long an unwanted body may take to arrive before its connection is closed instead. */
const DRAIN_TIME_MS = 1000;

/**
 * Drops the app's body after an X-Accel-Redirect without ever waiting for it: the client's answer does
 * not depend on it. A short body is read off in the background so the keep-alive connection is reused;
 * a long one, or one that never comes (an app announcing a Content-Length and sending nothing, as
 * django-sendfile2 does), gets its connection closed.
 */
export function discardUpstream(upstream: IncomingMessage): void {
  if (upstream.complete) return;
  const length = upstream.headers['content-length'];
  if (length === '0') {
    // The common case (an empty body with the redirect header): nothing to wait for, no timer.
    upstream.resume();
    return;
  }
  const declared = Number(length);
  if (Number.isFinite(declared) && declared > DRAIN_LIMIT) {
    upstream.destroy();
    return;
  }
  let read = 0;
  const timer = setTimeout(() => upstream.destroy(), DRAIN_TIME_MS);
  timer.unref();
  upstream.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > DRAIN_LIMIT) upstream.destroy();
  });
  upstream.on('error', () => {});
  upstream.on('close', () => clearTimeout(timer));
}
