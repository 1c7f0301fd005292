import { verify } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'chai';
import { createCloudFrontSigner } from '../../src/cloudfront/create-signer.js';
import { fromAwsBase64 } from '../../src/cloudfront/aws-base64.js';
import type { CloudFrontPolicy, CloudFrontSigner } from '../../src/cloudfront/types.js';
import { verifyCloudFrontCookies, verifyCloudFrontUrl } from '../../src/cloudfront/verify.js';

// The AWS CLI's vectors, vendored byte for byte in test/vectors/cloudfront/ (provenance in its README):
// every *-test-cases.json file there is run, so a new case file needs no code change.
const folder = new URL('../vectors/cloudfront/', import.meta.url);

interface CaseInput {
  resource: string;
  keyPairId: string;
  privateKeyFile: string;
  expirationDate?: number;
  activeDate?: number;
  ipRange?: string;
  hashAlgorithm?: 'SHA1' | 'SHA256';
}
interface CaseExpected {
  policyJson?: string;
  queryParams?: Record<string, string>;
  cookies?: Record<string, string>;
  signature?: string;
  signatureAlgorithm?: string;
  applyTo?: string;
  verifyCryptographically?: boolean;
  error?: boolean;
  errorContains?: string[];
}
interface Case { id: string; documentation: string; input: CaseInput; expected: CaseExpected }

const PUBLIC_KEY_FILES: Record<string, string> = { K1TESTKEY: 'test-rsa-key-public.pem', K2ECDSATEST: 'test-ecdsa-key-public.pem' };
const read = (name: string): string => readFileSync(new URL(name, folder), 'utf8');
// The vectors' expiry is 2026-01-01T18:00:00Z: the signer's clock is fixed an hour before any date in them.
const vectorClock = (input: CaseInput) => () => (Math.min(input.expirationDate ?? 0, input.activeDate ?? Infinity) - 3600) * 1000;
// Verification happens inside the window: at the start time when there is one.
const insideWindow = (input: CaseInput) => () => (input.activeDate ?? (input.expirationDate ?? 0) - 3600) * 1000;

function signerFor(input: CaseInput): CloudFrontSigner {
  return createCloudFrontSigner({
    keyPairId: input.keyPairId,
    privateKey: read(input.privateKeyFile),
    hashAlgorithm: input.hashAlgorithm ?? 'SHA1', // the vectors' default
    allowAnyRsaKeySize: true, // the vectors use a 1024-bit RSA key
    now: vectorClock(input),
  });
}

function policyFor(input: CaseInput, wildcard: boolean): CloudFrontPolicy {
  const policy = { dateLessThan: new Date((input.expirationDate ?? NaN) * 1000) } as CloudFrontPolicy;
  if (input.expirationDate === undefined) delete (policy as { dateLessThan?: unknown }).dateLessThan;
  if (input.activeDate !== undefined) policy.dateGreaterThan = new Date(input.activeDate * 1000);
  if (input.ipRange !== undefined) policy.ipAddress = input.ipRange;
  if (wildcard) policy.resource = input.resource;
  return policy;
}

function queryOf(url: string): Map<string, string> {
  const query = url.slice(url.indexOf('?') + 1);
  return new Map(query.split('&').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const));
}

function checkSignature(expected: CaseExpected, signature: string, policyJson: string): void {
  if (expected.signature !== undefined) expect(signature).to.equal(expected.signature);
  const digest = expected.signatureAlgorithm?.endsWith('SHA256') ? 'sha256' : 'sha1';
  const keyFile = expected.signatureAlgorithm?.startsWith('ECDSA') ? 'test-ecdsa-key-public.pem' : 'test-rsa-key-public.pem';
  expect(verify(digest, Buffer.from(policyJson), read(keyFile), fromAwsBase64(signature)!), 'signature verifies with the public key').to.equal(true);
}

function runUrlCase({ input, expected }: Case): void {
  const target = expected.applyTo ?? input.resource;
  const signed = signerFor(input).signUrl(target, policyFor(input, expected.applyTo !== undefined));
  expect(signed.startsWith(`${target}${target.includes('?') ? '&' : '?'}`)).to.equal(true);
  const query = queryOf(signed);
  const signature = query.get('Signature')!;
  const wanted = new Map(Object.entries(expected.queryParams ?? {}));
  wanted.set('Signature', signature);
  if (!wanted.has('Expires')) wanted.set('Policy', query.get('Policy')!);
  expect(Object.fromEntries(query)).to.deep.equal(Object.fromEntries(wanted));
  if (query.has('Policy')) expect(fromAwsBase64(query.get('Policy')!)!.toString()).to.equal(expected.policyJson);
  checkSignature(expected, signature, expected.policyJson!);
  const verdict = verifyCloudFrontUrl(signed, { publicKeys: { [input.keyPairId]: read(PUBLIC_KEY_FILES[input.keyPairId]!) }, now: insideWindow(input), clientIp: input.ipRange?.split('/')[0] });
  expect(verdict, JSON.stringify(verdict)).to.include({ ok: true });
}

function runCookieCase({ input, expected }: Case): void {
  const cookies = signerFor(input).signCookies(input.resource, policyFor(input, false));
  const signature = cookies.values['CloudFront-Signature']!;
  expect(cookies.values).to.deep.equal({ ...expected.cookies, 'CloudFront-Signature': expected.cookies?.['CloudFront-Signature'] ?? signature });
  checkSignature(expected, signature, expected.policyJson!);
  const url = input.resource.replace('*', 'some/file.ts');
  const verdict = verifyCloudFrontCookies(url, cookies.values, { publicKeys: { [input.keyPairId]: read(PUBLIC_KEY_FILES[input.keyPairId]!) }, now: insideWindow(input), clientIp: input.ipRange?.split('/')[0] });
  expect(verdict, JSON.stringify(verdict)).to.include({ ok: true });
}

function runErrorCase({ input, expected }: Case, cookies: boolean): void {
  let failure: unknown;
  try {
    const signer = signerFor(input);
    if (cookies) signer.signCookies(input.resource, policyFor(input, false));
    else signer.signUrl(input.resource, policyFor(input, false));
  } catch (error) {
    failure = error;
  }
  expect(failure, 'an error is raised').to.be.instanceOf(Error);
  expect((failure as { code?: string }).code).to.match(/^ERR_ACCEL_/);
  // Terms naming AWS CLI options (--url, --ip-address) are checked by the CLI's conformance test.
  for (const term of (expected.errorContains ?? []).filter((word) => !word.startsWith('--'))) {
    expect((failure as Error).message.toLowerCase()).to.contain(term.toLowerCase());
  }
}

const caseFiles = readdirSync(folder).filter((name) => name.endsWith('test-cases.json')).sort();

describe('CloudFront conformance vectors (test/vectors/cloudfront)', () => {
  it('finds the case files', () => {
    expect(caseFiles.length).to.be.greaterThan(0);
  });

  for (const file of caseFiles) {
    const cookies = file.includes('cookie');
    describe(file, () => {
      for (const testCase of JSON.parse(read(file)) as Case[]) {
        it(`${testCase.id}: ${testCase.documentation.slice(0, 80)}`, () => {
          if (testCase.expected.error === true) runErrorCase(testCase, cookies);
          else if (cookies) runCookieCase(testCase);
          else runUrlCase(testCase);
        });
      }
    });
  }
});
