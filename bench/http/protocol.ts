import type { Framework } from './apps.js';

/**
 * What the hand-written 302 gets on top, to measure the floor under any adapter: an empty middleware in front
 * (`empty`), or one that also removes an X-Accel-Redirect the app set, the least any X-Accel adapter does
 * (`strip`, Koa only: Express has no "after the app" without holding the response, which is the adapter itself).
 */
export type ExtraMiddleware = 'empty' | 'strip';

/**
 * What the app answers: the redirect (by hand or through X-Accel-Redirect), or `json`, a response with no
 * X-Accel-Redirect, behind the accel middleware or (kind 'hand') behind an empty one.
 */
export type Answer = 'redirect' | 'json';

/** Whose signed URL an accel app answers with (engine.ts). */
export type Provider = 'cloudfront' | 'google-cdn' | 'gcs' | 'bunny' | 'secure-link';

/**
 * What one server process of the HTTP benchmark runs: the hand-written 302 (with `privateKey`, one that also signs
 * a CloudFront policy for every request, as an app signing by hand would), or an accel app.
 */
export type ServeSetup =
  | { framework: Framework; kind: 'hand'; handUrl: string; privateKey?: string; extra?: ExtraMiddleware; answer?: Answer }
  | {
      framework: Framework;
      kind: 'accel';
      /** PKCS#8 PEM: the parent generates each key once, so every process signs with the same one. */
      privateKey: string;
      cache: boolean;
      expiresIn: number;
      /** Round-robin over this many objects instead of always the same one. */
      objects?: number;
      /** The engine's batchSignatures. @default true */
      batchSignatures?: boolean;
      /** @default 'cloudfront' */
      provider?: Provider;
      answer?: Answer;
    };

/** Parent → server, first and once. Answered with `{ type: 'setup', url }` once the app listens. */
export interface SetupMessage {
  type: 'setup';
  setup: ServeSetup;
}

/** Parent → server, after the setup. Each request gets exactly one reply of the same type. */
export type ServeRequest =
  /** Zero the counters; with touchAll, refresh every object's cache entry first. */
  | { type: 'reset'; touchAll: boolean }
  | { type: 'report' }
  /** The idle sign time of this server's engine, signing on the spot: only asked before any load. */
  | { type: 'sign-time' };

export interface ServerReport {
  /** CPU time (user + system) since the reset, µs. */
  cpuUs: number;
  /** Longest event-loop delay since the reset, ms (a cache-wide re-sign would show here). */
  maxDelayMs: number;
}

/** Server → parent. */
export type ServeReply =
  | { type: 'setup'; url: string }
  | { type: 'reset' }
  | { type: 'report'; report: ServerReport }
  | { type: 'sign-time'; ms: number };
