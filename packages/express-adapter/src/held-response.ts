import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

type Write = (this: ServerResponse, a?: unknown, b?: unknown, c?: unknown) => unknown;

/** Per-request state of a response whose headers cdn-accel holds until the app commits to it. */
export interface Hold {
  /** Called at the first writeHead/write/end; true when the app's own call should go ahead. */
  commit(res: ServerResponse): boolean;
  /** 0 idle, 1 waiting for an async decision, 2 decided. */
  state: number;
  writeHead: Write;
  write: Write;
  end: Write;
  sources: Readable[] | undefined;
  /** The response's own prototype, restored on release; undefined when own properties were wrapped. */
  base: object | undefined;
}

export const HOLD = Symbol('cdn-accel hold');
interface Patchable {
  writeHead: Write;
  write: Write;
  end: Write;
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

type Emit = (this: ServerResponse, event: string | symbol, ...args: unknown[]) => boolean;

/** `emit` while held: notes what is piped into the response (Readable.pipe emits 'pipe' on its destination). */
function heldEmit(this: ServerResponse, event: string | symbol, ...args: unknown[]): boolean {
  const hold = patchable(this)[HOLD] as Hold;
  if (event === 'pipe') (hold.sources ??= []).push(args[0] as Readable);
  return ((hold.base as { emit: Emit }).emit).call(this, event, ...args);
}

function onPipe(this: ServerResponse, source: Readable): void {
  const hold = patchable(this)[HOLD];
  if (hold !== undefined) (hold.sources ??= []).push(source);
}

// One derived prototype per response prototype and role (Express gives each app its own): holding a response
// is a prototype swap, not three new own methods — cheaper for V8 on every request. A response whose methods
// another middleware already replaced (compression…) is wrapped through own properties instead.
const derived = { held: new WeakMap<object, object>(), muzzled: new WeakMap<object, object>() };
const methods = {
  held: { writeHead: heldWriteHead, write: heldWrite, end: heldEnd, emit: heldEmit },
  muzzled: { write: dropWrite, end: dropEnd },
};

function derivedPrototype(base: object, role: 'held' | 'muzzled'): object {
  let proto = derived[role].get(base);
  if (proto === undefined) {
    const descriptors: PropertyDescriptorMap = {};
    for (const [name, value] of Object.entries(methods[role])) descriptors[name] = { value, writable: true, configurable: true };
    proto = Object.create(base, descriptors) as object;
    derived[role].set(base, proto);
  }
  return proto;
}

function patchedBefore(res: ServerResponse): boolean {
  return Object.hasOwn(res, 'writeHead') || Object.hasOwn(res, 'write') || Object.hasOwn(res, 'end');
}

/** Puts the hold on: the response's writeHead/write/end go through `hold.commit` first. */
export function hold(res: ServerResponse, state: Hold): void {
  const own = patchable(res);
  state.base = Object.getPrototypeOf(res) as object;
  state.writeHead = own.writeHead;
  state.write = own.write;
  state.end = own.end;
  own[HOLD] = state;
  if (patchedBefore(res)) {
    state.base = undefined;
    own.writeHead = heldWriteHead;
    own.write = heldWrite;
    own.end = heldEnd;
    res.on('pipe', onPipe);
  } else {
    Object.setPrototypeOf(res, derivedPrototype(state.base, 'held'));
  }
}

/** Gives the response its own methods back. */
export function release(res: ServerResponse, state: Hold): void {
  if (state.base !== undefined) {
    Object.setPrototypeOf(res, state.base);
    return;
  }
  Object.assign(patchable(res), { writeHead: state.writeHead, write: state.write, end: state.end });
  res.removeListener('pipe', onPipe);
}

/**
 * For the redirect: from now on whatever the app writes goes nowhere (write/end dropped, writeHead the real
 * one); the adapter then ends the response through `state.end`.
 */
export function muzzle(res: ServerResponse, state: Hold): void {
  if (state.base !== undefined) {
    Object.setPrototypeOf(res, derivedPrototype(state.base, 'muzzled'));
    return;
  }
  Object.assign(patchable(res), { writeHead: state.writeHead, ...methods.muzzled });
  res.removeListener('pipe', onPipe);
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
