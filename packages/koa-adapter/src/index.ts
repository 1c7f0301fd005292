export { koaAccel, applyKoaDecision } from './koa-accel.js';
export type { KoaAccelMiddleware, KoaContextLike, KoaNextLike } from './koa-types.js';
