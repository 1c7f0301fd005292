export { describeExampleSmoke, useExample, type ExampleUnderTest, type StartForTest } from './smoke.js';
export { CookieJar, login, send, testConfig } from './support.js';
