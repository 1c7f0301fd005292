import { runUntilStopped } from '@cdn-accel/example-common';
import { startKoaExample } from './start.js';

runUntilStopped('Koa', await startKoaExample(undefined, console));
