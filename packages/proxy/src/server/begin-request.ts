import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '@cdn-accel/core';
import { recordAccess, type AccessLogger, type RequestRecord } from './access-log.js';
import { answerHealth } from './health-answer.js';

/** What every server of the package does with a request before its own work. */
export interface RequestStart {
  accessLog: AccessLogger | false;
  now: Clock;
  healthPath: string | false;
}

/**
 * Opens the request's access-log record, and answers the health path itself (200, or 503 while `closing`).
 * Returns the record to fill in, or undefined when the request is already answered.
 */
export function beginRequest(req: IncomingMessage, res: ServerResponse, settings: RequestStart, closing: boolean): RequestRecord | undefined {
  const record: RequestRecord = { outcome: 'pass' };
  if (settings.accessLog !== false) recordAccess(req, res, record, settings.accessLog, settings.now);
  if (settings.healthPath === false || req.url !== settings.healthPath) return record;
  record.outcome = 'health';
  answerHealth(req, res, closing);
  return undefined;
}
