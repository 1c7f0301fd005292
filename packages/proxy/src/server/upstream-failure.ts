import { STATUS_CODES, type ServerResponse } from 'node:http';
import { writeStatus } from './status-line.js';

/** undici's codes for an upstream that took longer than `upstreamTimeout`, and the system's own. */
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** 504 for a timeout, 502 for everything else (refused, reset, unresolvable, TLS failure). */
export function upstreamFailureStatus(error: Error): 502 | 504 {
  return TIMEOUTS.has((error as { code?: string }).code ?? '') ? 504 : 502;
}

/** The headers a failure answer sets itself; a location's `always` header of the same name gives way. */
const OWN = new Set(['content-type', 'content-length', 'cache-control']);

function withoutOwn(headers: Readonly<Record<string, string | string[]>>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !OWN.has(name.toLowerCase())));
}

/**
 * Answers a failure with a short plain-text body, or cuts the connection if the response has already
 * started (the client must not take a truncated body for a complete one). Never leaves the client waiting:
 * whatever goes wrong while answering ends the connection instead. `headers`: a location's `always` headers.
 */
export function sendFailure(res: ServerResponse, status: number, message = STATUS_CODES[status] ?? 'Error', headers: Readonly<Record<string, string | string[]>> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (res.destroyed) return;
  const body = `${message}\n`;
  try {
    // The standard phrase, given explicitly: a phrase left on `res` by a failed attempt must not be reused.
    writeStatus(res, status, STATUS_CODES[status] ?? '', {
      ...withoutOwn(headers),
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
    });
    res.end(body);
  } catch {
    res.destroy();
  }
}
