import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { AppTrailerGate } from '@cdn-accel/core/internal';
import { absorbHeaders } from './response-headers.js';

// The hold's state machine; held-response.ts puts it on a response.

export type Write = (this: ServerResponse, a?: unknown, b?: unknown, c?: unknown) => unknown;
export type Methods = Record<'writeHead' | 'write' | 'end', Write>;

/**
 * Where a held response stands: `holding` until the app commits to it; `deciding` while an asynchronous decision
 * is under way (everything held, nothing written); `passing` once the app's response goes out as it is;
 * `replaced` once the redirect, the stream answer or (after a refusal) the error handlers own the response, and
 * what the app still writes goes nowhere.
 */
export type HoldPhase = 'holding' | 'deciding' | 'passing' | 'replaced';

/** Per-request state of a response whose headers cdn-accel holds until the app commits to it. */
export interface Hold {
  /** Called at the first writeHead/write/end; true when the app's own call should go ahead. */
  commit(res: ServerResponse): boolean;
  phase: HoldPhase;
  /**
   * The methods below the hold: Node's, or the wrappers of middleware mounted earlier (compression,
   * express-session). The app's calls and the adapter's own answer both go through them, so each earlier
   * wrapper runs once.
   */
  writeHead: Write;
  write: Write;
  end: Write;
  /** Bodies piped into the response before the decision (res.sendFile, stream.pipe(res)). */
  sources: Readable[] | undefined;
  /** The app's trailers (res.addTrailers), held until the decision. */
  trailers: AppTrailerGate;
}

/** Readable.pipe() emits 'pipe' on its destination: noted so that a redirect can destroy the source unread. */
export function notePipe(state: Hold, source: Readable): void {
  if (state.phase === 'holding' || state.phase === 'deciding') (state.sources ??= []).push(source);
}

export function heldWriteHead(state: Hold, res: ServerResponse, status: unknown, reason: unknown, headers: unknown): unknown {
  if (state.phase === 'passing' || state.phase === 'replaced') return state.writeHead.call(res, status, reason, headers);
  if (state.phase === 'deciding') return res;
  absorbHeaders(res, status, reason, headers);
  if (!state.commit(res)) return res;
  return typeof reason === 'string' ? state.writeHead.call(res, res.statusCode, reason) : state.writeHead.call(res, res.statusCode);
}

export function heldWrite(state: Hold, res: ServerResponse, chunk: unknown, encoding: unknown, callback: unknown): unknown {
  if (state.phase === 'replaced' || state.phase === 'deciding') return true;
  if (state.phase === 'passing' || state.commit(res)) return state.write.call(res, chunk, encoding, callback);
  return true;
}

export function heldEnd(state: Hold, res: ServerResponse, chunk: unknown, encoding: unknown, callback: unknown): unknown {
  if (state.phase === 'replaced' || state.phase === 'deciding') return res;
  if (state.phase === 'passing' || state.commit(res)) return state.end.call(res, chunk, encoding, callback);
  return res;
}
