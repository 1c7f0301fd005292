import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { gateAppTrailers } from '@cdn-accel/core/internal';
import { heldEnd, heldWrite, heldWriteHead, notePipe, type Hold, type Methods } from './hold-state.js';

export type { Hold } from './hold-state.js';

/**
 * Puts the hold on this one response: own-property wrappers of writeHead/write/end/addTrailers and a 'pipe'
 * listener, the way on-headers and compression do. Nothing shared is changed (not `http.ServerResponse.prototype`, not
 * Express's response objects), so every other response and app in the process stays as it was, and the hold
 * survives the prototype swaps of mounted sub-apps. The wrappers capture the methods below them (Node's, or
 * those of middleware mounted earlier), so each earlier wrapper runs once. They stay for the response's life
 * and pass straight through once decided: putting the captured methods back would drop the wrappers of
 * middleware mounted later. A second hold on the same response (a sub-app's own expressAccel, a second copy of
 * this package) wraps this one: the innermost decides, and the outer one sees a decided response without
 * X-Accel-* headers and lets it through.
 */
export function hold(res: ServerResponse, state: Hold): void {
  state.trailers = gateAppTrailers(res);
  const own = res as unknown as Methods;
  state.writeHead = own.writeHead;
  state.write = own.write;
  state.end = own.end;
  own.writeHead = function heldResponseWriteHead(status, reason, headers) {
    return heldWriteHead(state, this, status, reason, headers);
  };
  own.write = function heldResponseWrite(chunk, encoding, callback) {
    return heldWrite(state, this, chunk, encoding, callback);
  };
  own.end = function heldResponseEnd(chunk, encoding, callback) {
    return heldEnd(state, this, chunk, encoding, callback);
  };
  res.on('pipe', (source: Readable) => notePipe(state, source));
}

/**
 * After a refusal the error handlers answer below the hold: their writes go straight to the methods below it.
 * Middleware mounted after expressAccel has had its turn with the app's refused response (compression has ended
 * its stream: entered again it writes after end, or drops the error response), and what still reaches the hold
 * from above (the app's body, through those wrappers) is dropped.
 */
export function handBack(res: ServerResponse, state: Hold): void {
  const own = res as unknown as Methods;
  own.writeHead = state.writeHead;
  own.write = state.write;
  own.end = state.end;
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
