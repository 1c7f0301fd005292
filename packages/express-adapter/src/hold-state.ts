import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { absorbHeaders } from './response-headers.js';

// The hold's state machine; held-response.ts puts it on a response.

export type Write = (this: ServerResponse, a?: unknown, b?: unknown, c?: unknown) => unknown;
export type Methods = Record<'writeHead' | 'write' | 'end', Write>;

/** Per-request state of a response whose headers cdn-accel holds until the app commits to it. */
export interface Hold {
  /** Called at the first writeHead/write/end; true when the app's own call should go ahead. */
  commit(res: ServerResponse): boolean;
  /** 0 idle, 1 waiting for an async decision, 2 decided. */
  state: number;
  /**
   * The methods below the hold: Node's, or the wrappers of middleware mounted earlier (compression,
   * express-session). The app's calls and the adapter's own answer both go through them, so each earlier
   * wrapper runs once.
   */
  writeHead: Write;
  write: Write;
  end: Write;
  /**
   * Set once the redirect, the stream answer or (after a refusal) the error handlers own the response: what the
   * app still writes goes nowhere.
   */
  muzzled: boolean;
  /** Bodies piped into the response before the decision (res.sendFile, stream.pipe(res)). */
  sources: Readable[] | undefined;
}

/** Readable.pipe() emits 'pipe' on its destination: noted so that a redirect can destroy the source unread. */
export function notePipe(state: Hold, source: Readable): void {
  if (state.state !== 2) (state.sources ??= []).push(source);
}

export function heldWriteHead(state: Hold, res: ServerResponse, status: unknown, reason: unknown, headers: unknown): unknown {
  if (state.state === 2) return state.writeHead.call(res, status, reason, headers);
  if (state.state === 1) return res;
  absorbHeaders(res, status, reason, headers);
  if (!state.commit(res)) return res;
  return typeof reason === 'string' ? state.writeHead.call(res, res.statusCode, reason) : state.writeHead.call(res, res.statusCode);
}

export function heldWrite(state: Hold, res: ServerResponse, chunk: unknown, encoding: unknown, callback: unknown): unknown {
  if (state.muzzled || state.state === 1) return true;
  if (state.state === 2 || state.commit(res)) return state.write.call(res, chunk, encoding, callback);
  return true;
}

export function heldEnd(state: Hold, res: ServerResponse, chunk: unknown, encoding: unknown, callback: unknown): unknown {
  if (state.muzzled || state.state === 1) return res;
  if (state.state === 2 || state.commit(res)) return state.end.call(res, chunk, encoding, callback);
  return res;
}
