import type { Accel } from '../contract/accel.js';
import { createAccel } from './create-accel.js';
import type { AccelOptions } from './engine-options.js';

/** The engine a front door is given, or one built from the options it is given instead (`koaAccel(options)`). */
export function toAccel(accelOrOptions: Accel | AccelOptions): Accel {
  return typeof (accelOrOptions as Partial<Accel>).decide === 'function' ? (accelOrOptions as Accel) : createAccel(accelOrOptions as AccelOptions);
}
