import { expect } from 'chai';
import { readFileSync } from 'node:fs';

/** The proxy's JSON Schema, as published. */
export const schema = JSON.parse(readFileSync(new URL('../../../schema/cdn-accel.schema.json', import.meta.url), 'utf8')) as object;

/** The message of the `ERR_ACCEL_CONFIG` that `run` throws; fails the test when it throws nothing or another error. */
export function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as { code: string }).code).to.equal('ERR_ACCEL_CONFIG');
    return (error as Error).message;
  }
  throw new Error('expected an error');
}
