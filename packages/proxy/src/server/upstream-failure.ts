import { STATUS_CODES, type ServerResponse } from 'node:http';

/** The error an upstream request is destroyed with when it exceeds `upstreamTimeout`. */
export class UpstreamTimeoutError extends Error {
  override readonly name = 'UpstreamTimeoutError';
  readonly code = 'ETIMEDOUT';
}

/** 504 for a timeout, 502 for everything else (refused, reset, unresolvable, TLS failure). */
export function upstreamFailureStatus(error: Error): 502 | 504 {
  return (error as { code?: string }).code === 'ETIMEDOUT' ? 504 : 502;
}

/**
 * Answers a failure with a short plain-text body, or cuts the connection if the response has already
 * started (the client must not take a truncated body for a complete one).
 */
export function sendFailure(res: ServerResponse, status: number, message = STATUS_CODES[status] ?? 'Error'): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (res.destroyed) return;
  const body = `${message}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
