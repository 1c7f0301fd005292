import { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { heldEnd, heldWrite, heldWriteHead, notePipe, type Hold, type Methods } from './hold-state.js';

/*
 * Why a layer: Express gives every response a new prototype (`app.response`) and then a new property
 * (`res.locals`), so in V8 each response ends up with a hidden class of its own, and every property added after
 * that builds yet another one. Three own-property wrappers and a 'pipe' listener per response cost about a fifth
 * of a whole Express request here. A layer inserted once, between Express's shared response object and
 * http.ServerResponse.prototype, gives the same hold for the price of one WeakMap entry per response.
 *
 * The WeakMap's values must not keep the response alive once it is answered: V8's young-generation GC does not
 * see through a WeakMap entry whose value leads back to its key, and promoted every response (twice the GC
 * time). The hold lets go of the request and `next` when it is decided (express-accel.ts).
 *
 * The layer also serves `res.locals`, `res.statusCode` and `res.statusMessage`. Express sets `locals` on every
 * response right after the prototype change; the app (`res.status()`) and Node's writeHead set the other two, which
 * Node keeps on `ServerResponse.prototype` until then. In V8 a property added to an object after a prototype change
 * gives that object a hidden class of its own, built on the spot (about 5 µs each here): no two responses then share
 * inline caches, and every later property access on one (Node's own in setHeader and end, and ours) is a lookup
 * from scratch. With the three served by accessors of the layer, whose values live in the same WeakMap entry as
 * the hold, nothing is added to the response and all of them keep one hidden class: on a shared core the accel
 * app went from 0.95× to 1.22× of a hand-written Express 302. They read, write and replace as before; they are
 * only no longer own properties of the response.
 */

/** What the layer keeps for one response: its hold, if any, and the properties it serves (ServedProperty). */
interface Slots {
  hold: Hold | undefined;
  locals: unknown;
  statusCode: number;
  statusMessage: string | undefined;
}

/** The response properties the layer serves from the slots instead of letting them be added to the response. */
type ServedProperty = 'locals' | 'statusCode' | 'statusMessage';
/**
 * Slots by response, one WeakMap entry per response: each entry costs a hash insertion and GC work, and a
 * second WeakMap for `locals` made the accel app about 1% slower on a shared core. A response without a hold
 * passes straight through the layer.
 */
const slots = new WeakMap<ServerResponse, Slots>();
/** Prototypes (`app.response` objects and the like) already known to have a layer below them. */
const layered = new WeakMap<object, Layer>();
/** The layers themselves, so that a chain is never given two. */
const layers = new WeakSet<object>();

type Emit = (this: ServerResponse, type: string | symbol, ...args: unknown[]) => boolean;

interface Layer extends Methods {
  below: Methods;
}

/** Calls into whatever is below the layer now, so that a later patch of Node's methods (an APM agent) is honoured. */
function methodsBelow(layer: object): Methods {
  const below = (): Methods => Object.getPrototypeOf(layer) as Methods;
  return {
    writeHead(status, reason, headers) {
      return below().writeHead.call(this, status, reason, headers);
    },
    write(chunk, encoding, callback) {
      return below().write.call(this, chunk, encoding, callback);
    },
    end(chunk, encoding, callback) {
      return below().end.call(this, chunk, encoding, callback);
    },
  };
}

function method<F extends (...args: never[]) => unknown>(value: F): PropertyDescriptor {
  // Non-enumerable, like the methods they stand in front of.
  return { configurable: true, writable: true, value };
}

/** The slots of a response seen for the first time, with the values it had from below the layer. */
function slotsFor(res: ServerResponse, layer: object): Slots {
  const below = Object.getPrototypeOf(layer) as object;
  const own: Slots = {
    hold: undefined,
    locals: Reflect.get(below, 'locals', res),
    statusCode: Reflect.get(below, 'statusCode', res) as number,
    statusMessage: Reflect.get(below, 'statusMessage', res) as string | undefined,
  };
  slots.set(res, own);
  return own;
}

/** An accessor of the layer for a property kept in the response's slots: what it reads and writes as before. */
function served(layer: object, name: ServedProperty): PropertyDescriptor {
  return {
    configurable: true,
    get(this: ServerResponse) {
      const own = slots.get(this);
      return own === undefined ? Reflect.get(Object.getPrototypeOf(layer) as object, name, this) : own[name];
    },
    set(this: ServerResponse, value: never) {
      (slots.get(this) ?? slotsFor(this, layer))[name] = value;
    },
  };
}

function createLayer(parent: object): Layer {
  const layer = Object.create(parent) as Layer;
  const below = methodsBelow(layer);
  Object.defineProperties(layer, {
    below: { value: below },
    writeHead: method(function writeHead(this: ServerResponse, status: unknown, reason: unknown, headers: unknown) {
      const state = slots.get(this)?.hold;
      return state === undefined ? below.writeHead.call(this, status, reason, headers) : heldWriteHead(state, this, status, reason, headers);
    }),
    write: method(function write(this: ServerResponse, chunk: unknown, encoding: unknown, callback: unknown) {
      const state = slots.get(this)?.hold;
      return state === undefined ? below.write.call(this, chunk, encoding, callback) : heldWrite(state, this, chunk, encoding, callback);
    }),
    end: method(function end(this: ServerResponse, chunk: unknown, encoding: unknown, callback: unknown) {
      const state = slots.get(this)?.hold;
      return state === undefined ? below.end.call(this, chunk, encoding, callback) : heldEnd(state, this, chunk, encoding, callback);
    }),
    // Express 4 and 5 both set locals when it is falsy; Node sets statusCode and statusMessage in writeHead.
    locals: served(layer, 'locals'),
    statusCode: served(layer, 'statusCode'),
    statusMessage: served(layer, 'statusMessage'),
    // Readable.pipe() announces itself with emit('pipe', source): seen here, it needs no listener per response.
    emit: method(function emit(this: ServerResponse, type: string | symbol, source?: unknown) {
      if (type === 'pipe') {
        const state = slots.get(this)?.hold;
        if (state !== undefined) notePipe(state, source as Readable);
      }
      // Every event of every Express response passes here: `arguments` forwards them all without copying twice.
      return Reflect.apply((Object.getPrototypeOf(layer) as { emit: Emit }).emit, this, arguments) as boolean;
    }),
  });
  layers.add(layer);
  return layer;
}

/**
 * The layer under this response's prototype chain, inserted on first sight just above
 * http.ServerResponse.prototype. Undefined for a plain node:http response (its prototype is Node's own, which
 * a library must not change) and for anything that does not inherit from http.ServerResponse.
 */
function layerFor(res: ServerResponse): Layer | undefined {
  const first = Object.getPrototypeOf(res) as object | null;
  if (first === null || first === ServerResponse.prototype) return undefined;
  let object: object = first;
  for (;;) {
    const parent = Object.getPrototypeOf(object) as object | null;
    if (parent === null) return undefined;
    if (layers.has(parent)) {
      layered.set(first, parent as Layer);
      return parent as Layer;
    }
    if (parent === ServerResponse.prototype) {
      const layer = createLayer(parent);
      Object.setPrototypeOf(object, layer);
      layered.set(first, layer);
      return layer;
    }
    object = parent;
  }
}

/**
 * Holds the response through its layer; false when it cannot: no layer for this response, or own-property
 * wrappers from middleware mounted earlier (compression, express-session) that must stay below the hold.
 * A second expressAccel further down (a sub-app's own) takes over an idle hold: the innermost one decides.
 */
export function holdOnLayer(res: ServerResponse, state: Hold): boolean {
  if (Object.hasOwn(res, 'writeHead') || Object.hasOwn(res, 'write') || Object.hasOwn(res, 'end') || Object.hasOwn(res, 'emit')) return false;
  const layer = layered.get(Object.getPrototypeOf(res) as object) ?? layerFor(res);
  if (layer === undefined) return false;
  const own = slots.get(res);
  if (own?.hold !== undefined && own.hold.state !== 0) return true;
  state.writeHead = layer.below.writeHead;
  state.write = layer.below.write;
  state.end = layer.below.end;
  (own ?? slotsFor(res, layer)).hold = state;
  return true;
}
