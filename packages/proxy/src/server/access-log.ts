import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '@cdn-accel/core';

/** How a request was served. */
export type AccessOutcome = 'pass' | 'redirect' | 'stream' | 'health' | 'error';

/** One access log line, a plain object so it serialises to one JSON line. */
export interface AccessLogEntry {
  /** When the request arrived, ISO 8601. */
  time: string;
  method: string;
  /** The request target as the client sent it (path and query). */
  url: string;
  status: number;
  /** Bytes written to the client socket for this response, headers included. */
  bytes: number;
  /** From arrival to the last byte written (or the connection closing). */
  durationMs: number;
  outcome: AccessOutcome;
  /** The address of the TCP peer. */
  clientIp: string | undefined;
  userAgent: string | undefined;
  /** The `AccelError` or socket error code, for errors. */
  code?: string;
  /** False when the client went away before the response was complete. */
  completed: boolean;
}

/** Receives one entry per request, once it is finished or abandoned. */
export type AccessLogger = (entry: AccessLogEntry) => void;

/** Per-request facts the handler fills in as it goes. */
export interface RequestRecord {
  outcome: AccessOutcome;
  code?: string;
}

/**
 * The access logger of `cdn-accel serve`, whose requests come from Nginx for an internal path: `url` is written
 * without its query (the path, then `?…`).
 * SECURITY: there the query is the app's X-Accel-Redirect query, for a signed() location a presigned URL's
 * signature: a credential, which does not belong in a log.
 */
export function withoutQuery(log: AccessLogger): AccessLogger {
  return (entry) => log(entry.url.includes('?') ? { ...entry, url: urlWithoutQuery(entry.url) } : entry);
}

/** `url`'s path, then `?…` when it had a query. */
export function urlWithoutQuery(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? url : `${url.slice(0, mark)}?…`;
}

/** Writes `entry` when `res` closes. Only installed when an access logger is configured. */
export function recordAccess(req: IncomingMessage, res: ServerResponse, record: RequestRecord, log: AccessLogger, now: Clock): void {
  const started = now();
  const socket = req.socket;
  const bytesBefore = socket.bytesWritten;
  res.once('close', () => {
    const entry: AccessLogEntry = {
      time: new Date(started).toISOString(),
      method: req.method ?? '',
      url: req.url ?? '',
      status: res.statusCode,
      bytes: Math.max(0, socket.bytesWritten - bytesBefore),
      durationMs: now() - started,
      outcome: record.outcome,
      clientIp: socket.remoteAddress,
      userAgent: req.headers['user-agent'],
      completed: res.writableFinished,
    };
    if (record.code !== undefined) entry.code = record.code;
    log(entry);
  });
}
