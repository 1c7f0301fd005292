import { describeExampleSmoke } from '@cdn-accel/example-common/testing';
import { startExpressExample } from '../src/start.js';

describeExampleSmoke('examples/express', startExpressExample);
