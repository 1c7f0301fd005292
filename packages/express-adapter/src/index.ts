export { expressAccel } from './express-accel.js';
export type { ExpressAccelMiddleware, ExpressNextLike, ExpressRequestLike } from './express-types.js';
