import { expect } from 'chai';
import fc from 'fast-check';
import type { Accel } from '../../../src/contract/accel.js';
import { decide, headersOf } from './target-helpers.js';

/** The allow-list both signed() test files configure: one exact host and one wildcard. */
export const SIGNED_HOSTS = ['bucket.s3.amazonaws.com', '*.s3.eu-west-1.amazonaws.com'];

function allowed(host: string): boolean {
  return host === 'bucket.s3.amazonaws.com' || /^([a-z0-9-]+\.)+s3\.eu-west-1\.amazonaws\.com$/.test(host);
}

/**
 * Property: for every X-Accel-Redirect value of `values`, the engine either refuses it (unmapped or unsafe) or
 * answers with an https URL on a host of SIGNED_HOSTS. `examples` always run too; at least one value must be served,
 * so that the property never holds for refusals alone.
 */
export async function servesOnlyAllowedHttpsUrls(accel: Accel, values: fc.Arbitrary<string>, methods: readonly string[], examples: Array<[string, string]>): Promise<void> {
  let served = 0;
  await fc.assert(fc.asyncProperty(values, fc.constantFrom(...methods), async (header, method) => {
    let url: string;
    try {
      const decision = await decide(accel, header, { method });
      url = decision.kind === 'stream' ? decision.url : headersOf(decision).location;
    } catch (error) {
      expect(['ERR_ACCEL_UNMAPPED', 'ERR_ACCEL_UNSAFE_PATH'], `${header}: ${(error as Error).message}`).to.include((error as { code: string }).code);
      return;
    }
    const parsed = new URL(url);
    expect(parsed.protocol, header).to.equal('https:');
    expect(allowed(parsed.host), `${header} → ${url}`).to.equal(true);
    expect(url.startsWith(`https://${parsed.host}/`), url).to.equal(true);
    served += 1;
  }), { numRuns: 3000, examples });
  expect(served).to.be.greaterThan(0);
}
