import { runUntilStopped } from '@cdn-accel/example-common';
import { startExpressExample } from './start.js';

runUntilStopped('Express', await startExpressExample(undefined, console));
