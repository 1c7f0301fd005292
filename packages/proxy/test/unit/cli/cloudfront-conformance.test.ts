import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { runCli } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';

// The AWS CLI vectors (vendored in packages/core/test/vectors/cloudfront/) run through `cdn-accel sign` and
// `sign-cookies` exactly as through `aws cloudfront sign`: same options, same outputs, errors on stderr that
// contain every `errorContains` term (option names included) and nothing on stdout.
const folder = fileURLToPath(new URL('../../../../core/test/vectors/cloudfront/', import.meta.url));

interface Case {
  id: string;
  input: { resource: string; keyPairId: string; privateKeyFile: string; expirationDate?: number; activeDate?: number; ipRange?: string; hashAlgorithm?: string };
  expected: { queryParams?: Record<string, string>; cookies?: Record<string, string>; signature?: string; applyTo?: string; error?: boolean; errorContains?: string[] };
}

function argsFor({ input, expected }: Case, cookies: boolean): string[] {
  const args = cookies ? ['sign-cookies', '--resource', input.resource] : ['sign', '--url', expected.applyTo ?? input.resource];
  if (!cookies && expected.applyTo !== undefined) args.push('--policy-resource', input.resource);
  args.push('--key-pair-id', input.keyPairId, '--private-key', `${folder}${input.privateKeyFile}`, '--hash-algorithm', input.hashAlgorithm ?? 'SHA1');
  if (input.expirationDate !== undefined) args.push('--date-less-than', String(input.expirationDate));
  if (input.activeDate !== undefined) args.push('--date-greater-than', String(input.activeDate));
  if (input.ipRange !== undefined) args.push('--ip-address', input.ipRange);
  return args;
}

describe('cdn-accel sign / sign-cookies on the AWS CLI vectors', () => {
  for (const file of readdirSync(folder).filter((name) => name.endsWith('test-cases.json')).sort()) {
    const cookies = file.includes('cookie');
    for (const testCase of JSON.parse(readFileSync(`${folder}${file}`, 'utf8')) as Case[]) {
      it(`${file}: ${testCase.id}`, async () => {
        const io = captureIo({ now: () => Date.parse('2025-12-01T00:00:00Z') });
        const status = await runCli(argsFor(testCase, cookies), io);
        if (testCase.expected.error === true) {
          expect(status).to.be.greaterThan(0);
          expect(io.out).to.equal('');
          for (const term of testCase.expected.errorContains ?? []) expect(io.err.toLowerCase()).to.contain(term.toLowerCase());
          return;
        }
        expect(status, io.err).to.equal(0);
        if (cookies) {
          const printed = JSON.parse(io.out) as Record<string, string>;
          expect(Object.keys(printed).sort()).to.deep.equal(Object.keys({ 'CloudFront-Signature': '', ...testCase.expected.cookies }).sort());
          for (const [name, value] of Object.entries(testCase.expected.cookies ?? {})) expect(printed[name]).to.equal(value);
        } else {
          const query = new URL(io.out.trim()).searchParams;
          for (const [name, value] of Object.entries(testCase.expected.queryParams ?? {})) expect(query.get(name)).to.equal(value);
          if (testCase.expected.signature !== undefined) expect(query.get('Signature')).to.equal(testCase.expected.signature);
        }
      });
    }
  }
});
