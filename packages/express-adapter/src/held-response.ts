import { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

type Write = (this: ServerResponse, a?: unknown, b?: unknown, c?: unknown) => unknown;
type Emit = (this: ServerResponse, event: string | symbol, ...args: unknown[]) => boolean;

/** Per-request state of a response whose headers cdn-accel holds until the app commits to it. */
export interface Hold {
  /** Called at the first writeHead/write/end; true when the app's own call should go ahead. */
  commit(res: ServerResponse): boolean;
  /** 0 idle, 1 waiting for an async decision, 2 decided. */
  state: number;
  /** The response's real methods, for the adapter to write its own answer through. */
  writeHead: Write;
  write: Write;
  end: Write;
  /** Set once the redirect or stream answer owns the response: the app's later writes go nowhere. */
  muzzled: boolean;
  /**
   * The app committed through `end`: wrappers of `end` mounted before (compression, express-session) have run
   * already, so the answer is ended through the real `end`; otherwise through `res.end()`, so that they run once.
   */
  inEnd: boolean;
  sources: Readable[] | undefined;
}

const HOLD = Symbol('cdn-accel hold');
type Holdable = ServerResponse & { [HOLD]?: Hold | undefined };

// The methods every ServerResponse had before the hook; the hook calls them for every response without a hold.
const proto = ServerResponse.prototype as unknown as Record<'writeHead' | 'write' | 'end', Write> & { emit: Emit };
const real = { writeHead: proto.writeHead, write: proto.write, end: proto.end, emit: proto.emit };

function hookedWriteHead(this: Holdable, status?: unknown, reason?: unknown, headers?: unknown): unknown {
  const hold = this[HOLD];
  if (hold === undefined || hold.state === 2) return real.writeHead.call(this, status, reason, headers);
  if (hold.state === 1) return this;
  absorbHeaders(this, status, reason, headers);
  if (!hold.commit(this)) return this;
  return typeof reason === 'string' ? real.writeHead.call(this, this.statusCode, reason) : real.writeHead.call(this, this.statusCode);
}

function hookedWrite(this: Holdable, chunk?: unknown, encoding?: unknown, callback?: unknown): unknown {
  const hold = this[HOLD];
  if (hold === undefined) return real.write.call(this, chunk, encoding, callback);
  if (hold.muzzled || hold.state === 1) return true;
  if (hold.state === 2 || hold.commit(this)) return real.write.call(this, chunk, encoding, callback);
  return true;
}

function hookedEnd(this: Holdable, chunk?: unknown, encoding?: unknown, callback?: unknown): unknown {
  const hold = this[HOLD];
  if (hold === undefined) return real.end.call(this, chunk, encoding, callback);
  if (hold.muzzled || hold.state === 1) return this;
  if (hold.state === 2) return real.end.call(this, chunk, encoding, callback);
  hold.inEnd = true;
  if (hold.commit(this)) return real.end.call(this, chunk, encoding, callback);
  return this;
}

// Readable.pipe() emits 'pipe' on its destination: the source is noted so that it can be destroyed.
function hookedEmit(this: Holdable, event: string | symbol, ...args: unknown[]): boolean {
  if (event === 'pipe') {
    const hold = this[HOLD];
    if (hold !== undefined && hold.state !== 2) (hold.sources ??= []).push(args[0] as Readable);
  }
  return real.emit.call(this, event, ...args);
}

let installed = false;

/**
 * Installs the hold hook on `http.ServerResponse.prototype`, once per process. A response without a hold goes
 * straight to the real methods (one symbol read). Why a hook and not per-request patching: own methods on
 * every response cost Express several times the rest of the middleware, and swapping the response's prototype
 * breaks under mounted sub-apps, which reset it. Wrappers installed later (compression) wrap the hook.
 */
export function installHoldHook(): void {
  if (installed) return;
  installed = true;
  Object.assign(proto, { writeHead: hookedWriteHead, write: hookedWrite, end: hookedEnd, emit: hookedEmit });
}

/** Puts the hold on: the response's writeHead/write/end go through `hold.commit` first. */
export function hold(res: ServerResponse, state: Hold): void {
  state.writeHead = real.writeHead;
  state.write = real.write;
  state.end = real.end;
  (res as Holdable)[HOLD] = state;
}

/** Lets the response go: its methods behave as if the hold had never been there. */
export function release(res: ServerResponse, _state: Hold): void {
  (res as Holdable)[HOLD] = undefined;
}

/**
 * For the redirect or the stream: from now on whatever the app writes goes nowhere, while writeHead is the real
 * one; the adapter writes its answer through `state.write` / `state.end`.
 */
export function muzzle(_res: ServerResponse, state: Hold): void {
  state.muzzled = true;
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
