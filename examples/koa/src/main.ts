import { runUntilStopped } from '@cdn-accel/example-shared';
import { startKoaExample } from './start.js';

runUntilStopped('Koa', await startKoaExample(undefined, console));
