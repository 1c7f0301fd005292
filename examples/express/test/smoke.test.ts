import { describeExampleSmoke } from '@cdn-accel/example-shared/testing';
import { startExpressExample } from '../src/start.js';

describeExampleSmoke('examples/express', startExpressExample);
