import { runUntilStopped } from '@cdn-accel/example-shared';
import { startExpressExample } from './start.js';

runUntilStopped('Express', await startExpressExample(undefined, console));
