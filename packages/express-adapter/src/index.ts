export { expressAccel } from './express-accel.js';
