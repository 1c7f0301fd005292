import { isAccelHeader } from './accel-header-names.js';

/** What `addTrailers` takes: Node's `ServerResponse` and `Http2ServerResponse` accept both forms. */
export type TrailerList = Readonly<Record<string, unknown>> | ReadonlyArray<readonly [string, unknown]>;

/** A response the app may add trailers to, and whose `Trailer` header can be read and rewritten. */
export interface TrailerResponse {
  addTrailers(trailers: TrailerList): void;
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: string): unknown;
  removeHeader(name: string): void;
}

/** The trailers of `given` the client may see: all but internal ones (isAccelHeader), in the form given. */
export function withoutAccelTrailers(given: TrailerList): TrailerList {
  if (Array.isArray(given)) return (given as ReadonlyArray<readonly [string, unknown]>).filter(([name]) => !isAccelHeader(name));
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) if (!isAccelHeader(name)) kept[name] = value;
  return kept;
}

/** The `Trailer` header names only trailers that can be sent: internal names go, and so does a header left empty. */
function announceKeptTrailers(res: TrailerResponse): void {
  const announced = res.getHeader('trailer');
  if (announced === undefined) return;
  const names = (Array.isArray(announced) ? announced.join(',') : String(announced)).split(',').map((name) => name.trim()).filter((name) => name !== '');
  const kept = names.filter((name) => !isAccelHeader(name));
  if (kept.length === names.length) return;
  if (kept.length === 0) res.removeHeader('trailer');
  else res.setHeader('Trailer', kept.join(', '));
}

/**
 * Holds the trailers an app adds to a response until cdn-accel has decided it. Once the app's response is
 * let through, its trailers follow without internal ones; once it is replaced (a redirect, a stream answer, a
 * refusal), none of them is sent.
 */
export interface AppTrailerGate {
  /** The app's response `res` goes out: the trailers it added and will add are sent, minus internal ones. */
  pass(res: TrailerResponse): void;
  /** The app's response is replaced: the trailers it added and will add are dropped. */
  drop(): void;
}

type GateState = 'holding' | 'passing' | 'dropping';

/**
 * One response's gate. It holds no reference to the response (the response is `this` of its calls, or passed
 * in): a per-response object pointing back at Node's response made every response slower on Node 22.
 */
class TrailerGate implements AppTrailerGate {
  state: GateState = 'holding';
  held: TrailerList | undefined = undefined;

  constructor(readonly below: TrailerResponse['addTrailers']) {}

  add(res: TrailerResponse, given: TrailerList): void {
    // SECURITY: X-Accel-Redirect and its kin as trailers reach the client as surely as headers do.
    if (this.state === 'passing') this.below.call(res, withoutAccelTrailers(given));
    // Node's addTrailers replaces what an earlier call added: only the last list is kept.
    else if (this.state === 'holding') this.held = withoutAccelTrailers(given);
  }

  pass(res: TrailerResponse): void {
    if (this.state !== 'holding') return;
    this.state = 'passing';
    announceKeptTrailers(res);
    if (this.held !== undefined) this.below.call(res, this.held);
    this.held = undefined;
  }

  drop(): void {
    this.state = 'dropping';
    this.held = undefined;
  }
}

/**
 * Puts the gate on this one response: an own-property `addTrailers` in front of the one below (Node's, or a
 * wrapper of middleware mounted earlier), as the adapters' other response wrappers are. Node sends trailers
 * only when the body ends, which is after any decision, so holding them loses nothing.
 */
export function gateAppTrailers(res: TrailerResponse): AppTrailerGate {
  const gate = new TrailerGate(res.addTrailers);
  res.addTrailers = function gatedAddTrailers(this: TrailerResponse, given: TrailerList): void {
    gate.add(this, given);
  };
  return gate;
}
