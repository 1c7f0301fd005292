import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

type Write = (this: ServerResponse, a?: unknown, b?: unknown, c?: unknown) => unknown;
type Emit = (this: ServerResponse, event: string | symbol, ...args: unknown[]) => boolean;

/** Per-request state of a response whose headers cdn-accel holds until the app commits to it. */
export interface Hold {
  /** Called at the first writeHead/write/end; true when the app's own call should go ahead. */
  commit(res: ServerResponse): boolean;
  /** 0 idle, 1 waiting for an async decision, 2 decided. */
  state: number;
  writeHead: Write;
  write: Write;
  end: Write;
  emit: Emit;
  sources: Readable[] | undefined;
}

export const HOLD = Symbol('cdn-accel hold');
interface Patchable {
  writeHead: Write;
  write: Write;
  end: Write;
  emit: Emit;
  [HOLD]?: Hold;
}

function patchable(res: ServerResponse): Patchable {
  return res as unknown as Patchable;
}

// Shared by every response (no per-request closures): each finds its state through the HOLD symbol.
function heldWriteHead(this: ServerResponse, status?: unknown, reason?: unknown, headers?: unknown): unknown {
  const hold = patchable(this)[HOLD] as Hold;
  // Decided (the redirect being written through the app's own end): the real writeHead.
  if (hold.state === 2) return hold.writeHead.call(this, status, reason, headers);
  if (hold.state !== 0) return this;
  absorbHeaders(this, status, reason, headers);
  if (!hold.commit(this)) return this;
  return typeof reason === 'string' ? hold.writeHead.call(this, this.statusCode, reason) : hold.writeHead.call(this, this.statusCode);
}

function heldWrite(this: ServerResponse, chunk?: unknown, encoding?: unknown, callback?: unknown): unknown {
  const hold = patchable(this)[HOLD] as Hold;
  if (hold.state === 0 && hold.commit(this)) return hold.write.call(this, chunk, encoding, callback);
  return true;
}

function heldEnd(this: ServerResponse, chunk?: unknown, encoding?: unknown, callback?: unknown): unknown {
  const hold = patchable(this)[HOLD] as Hold;
  if (hold.state === 0 && hold.commit(this)) return hold.end.call(this, chunk, encoding, callback);
  return this;
}

function dropWrite(): boolean {
  return true;
}

function dropEnd(this: ServerResponse): ServerResponse {
  return this;
}

// Readable.pipe() emits 'pipe' on its destination: noting it here, rather than through a listener, leaves the
// response's event table untouched.
function heldEmit(this: ServerResponse, event: string | symbol, ...args: unknown[]): boolean {
  const hold = patchable(this)[HOLD] as Hold;
  if (event === 'pipe') (hold.sources ??= []).push(args[0] as Readable);
  return hold.emit.call(this, event, ...args);
}

/**
 * Puts the hold on: the response's writeHead/write/end become own properties that go through `hold.commit`
 * first. Own properties, not a prototype swap: a mounted sub-app resets the response's prototype, and a
 * middleware mounted earlier (compression) may already have wrapped these methods — both keep working.
 */
export function hold(res: ServerResponse, state: Hold): void {
  const own = patchable(res);
  state.writeHead = own.writeHead;
  state.write = own.write;
  state.end = own.end;
  state.emit = own.emit;
  own[HOLD] = state;
  own.writeHead = heldWriteHead;
  own.write = heldWrite;
  own.end = heldEnd;
  own.emit = heldEmit;
}

/** Gives the response its own methods back. */
export function release(res: ServerResponse, state: Hold): void {
  const own = patchable(res);
  own.writeHead = state.writeHead;
  own.write = state.write;
  own.end = state.end;
  own.emit = state.emit;
}

/**
 * For the redirect: from now on whatever the app writes goes nowhere (write/end dropped, writeHead the real
 * one); the adapter then ends the response through `state.end`.
 */
export function muzzle(res: ServerResponse, state: Hold): void {
  const own = patchable(res);
  own.writeHead = state.writeHead;
  own.write = dropWrite;
  own.end = dropEnd;
  own.emit = state.emit;
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

/** Headers given straight to `res.writeHead(status, [reason], [headers])` are moved onto the response first. */
function absorbHeaders(res: ServerResponse, status: unknown, reason: unknown, headers: unknown): void {
  if (typeof status === 'number') res.statusCode = status;
  const given = typeof reason === 'string' ? headers : reason;
  if (Array.isArray(given)) {
    for (let i = 0; i + 1 < given.length; i += 2) res.appendHeader(String(given[i]), given[i + 1] as string);
  } else if (given !== undefined && given !== null && typeof given === 'object') {
    for (const [name, value] of Object.entries(given)) if (value !== undefined) res.setHeader(name, value as string);
  }
}
