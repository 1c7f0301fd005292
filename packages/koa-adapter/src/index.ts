export { koaAccel, applyKoaDecision } from './koa-accel.js';
