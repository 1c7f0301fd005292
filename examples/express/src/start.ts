import type { AccelLogger } from '@cdn-accel/core';
import { startExample, type ExampleConfig, type RunningExample } from '@cdn-accel/example-common';
import { createExpressApp } from './app.js';

/** Starts the Express example (and the local CDN emulator unless `CDN_URL` is set); `config` defaults to the environment. */
export function startExpressExample(config?: ExampleConfig, logger?: AccelLogger): Promise<RunningExample> {
  return startExample(createExpressApp, config, logger);
}
