import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { absorbHeaders } from './response-headers.js';

type Write = (this: ServerResponse, a?: unknown, b?: unknown, c?: unknown) => unknown;
type Methods = Record<'writeHead' | 'write' | 'end', Write>;

/** Per-request state of a response whose headers cdn-accel holds until the app commits to it. */
export interface Hold {
  /** Called at the first writeHead/write/end; true when the app's own call should go ahead. */
  commit(res: ServerResponse): boolean;
  /** 0 idle, 1 waiting for an async decision, 2 decided. */
  state: number;
  /**
   * The response's methods as they were when the hold went on: Node's, or the wrappers of middleware mounted
   * earlier (compression, express-session). The app's calls and the adapter's own answer both go through them,
   * so each earlier wrapper runs once.
   */
  writeHead: Write;
  write: Write;
  end: Write;
  /** Set once the redirect or stream answer owns the response: the app's later writes go nowhere. */
  muzzled: boolean;
  sources: Readable[] | undefined;
}

/**
 * Puts the hold on this one response, the way on-headers and compression do: own-property wrappers of
 * writeHead/write/end, never `ServerResponse.prototype`, so no other response or server in the process is
 * touched. Own properties survive a mounted sub-app, which resets the response's prototype. The wrappers stay
 * for the response's life and pass straight through once decided: putting the captured methods back would drop
 * the wrappers of middleware mounted after this one.
 */
export function hold(res: ServerResponse, state: Hold): void {
  const own = res as unknown as Methods;
  state.writeHead = own.writeHead;
  state.write = own.write;
  state.end = own.end;
  own.writeHead = function heldWriteHead(status, reason, headers) {
    if (state.state === 2) return state.writeHead.call(this, status, reason, headers);
    if (state.state === 1) return this;
    absorbHeaders(this, status, reason, headers);
    if (!state.commit(this)) return this;
    return typeof reason === 'string' ? state.writeHead.call(this, this.statusCode, reason) : state.writeHead.call(this, this.statusCode);
  };
  own.write = function heldWrite(chunk, encoding, callback) {
    if (state.muzzled || state.state === 1) return true;
    if (state.state === 2 || state.commit(this)) return state.write.call(this, chunk, encoding, callback);
    return true;
  };
  own.end = function heldEnd(chunk, encoding, callback) {
    if (state.muzzled || state.state === 1) return this;
    if (state.state === 2 || state.commit(this)) return state.end.call(this, chunk, encoding, callback);
    return this;
  };
  // Readable.pipe() emits 'pipe' on its destination (res.sendFile, stream.pipe(res)): noted so that a redirect
  // can destroy the source instead of reading it to the end.
  res.on('pipe', (source: Readable) => {
    if (state.state !== 2) (state.sources ??= []).push(source);
  });
}

/** A piped body (res.sendFile, stream.pipe(res)) is destroyed, not read to the end. */
export function destroySources(res: ServerResponse, state: Hold): void {
  if (state.sources === undefined) return;
  for (const source of state.sources) {
    source.unpipe(res);
    source.destroy();
  }
  state.sources = undefined;
}
