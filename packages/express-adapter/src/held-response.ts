import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { heldEnd, heldWrite, heldWriteHead, notePipe, type Hold, type Methods } from './hold-state.js';
import { holdOnLayer } from './response-layer.js';

export type { Hold } from './hold-state.js';

/**
 * Puts the hold on this one response. An Express response gets it from a layer in the prototype chain of
 * Express's response object (see response-layer.ts), which costs no change to the response's own shape. Any
 * other response — or one that middleware mounted earlier has already wrapped — gets own-property wrappers,
 * the way on-headers and compression do, stacked on top of the earlier ones.
 */
export function hold(res: ServerResponse, state: Hold): void {
  if (!holdOnLayer(res, state)) holdOwn(res, state);
}

/**
 * Own-property wrappers of writeHead/write/end, never `ServerResponse.prototype`, so no other response or
 * server in the process is touched. They stay for the response's life and pass straight through once decided:
 * putting the captured methods back would drop the wrappers of middleware mounted after this one.
 */
function holdOwn(res: ServerResponse, state: Hold): void {
  const own = res as unknown as Methods;
  state.writeHead = own.writeHead;
  state.write = own.write;
  state.end = own.end;
  own.writeHead = function ownHeldWriteHead(status, reason, headers) {
    return heldWriteHead(state, this, status, reason, headers);
  };
  own.write = function ownHeldWrite(chunk, encoding, callback) {
    return heldWrite(state, this, chunk, encoding, callback);
  };
  own.end = function ownHeldEnd(chunk, encoding, callback) {
    return heldEnd(state, this, chunk, encoding, callback);
  };
  res.on('pipe', (source: Readable) => notePipe(state, source));
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
