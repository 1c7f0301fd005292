import type { AccelLogger } from '@cdn-accel/core';
import { startExample, type ExampleConfig, type RunningExample } from '@cdn-accel/example-common';
import { createKoaApp } from './app.js';

/** Starts the Koa example (and the local CDN emulator unless `CDN_URL` is set); `config` defaults to the environment. */
export function startKoaExample(config?: ExampleConfig, logger?: AccelLogger): Promise<RunningExample> {
  return startExample((exampleConfig, accel) => createKoaApp(exampleConfig, accel).callback(), config, logger);
}
