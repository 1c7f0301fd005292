import { GetObjectCommand, HeadObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { expect } from 'chai';
import fc from 'fast-check';
import { createS3Presigner } from '../../src/s3/presigner.js';
import type { PresignRequest, S3PresignerOptions } from '../../src/s3/options.js';

// @aws-sdk/s3-request-presigner is the oracle (dev dependency only). Two SDK additions that are not
// part of an S3 presigned GET are switched off so the signatures are comparable: the `x-id` query
// parameter the client's serializer adds, and the hoisted `X-Amz-Content-Sha256=UNSIGNED-PAYLOAD`
// (kept as the payload hash, neither hoisted nor signed as a header).
const NOT_HOISTED = new Set(['x-amz-content-sha256']);

function sdkClient(config: S3ClientConfig): S3Client {
  const client = new S3Client({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { query?: Record<string, unknown> };
      if (request.query !== undefined) delete request.query['x-id'];
      return next(args);
    },
    { step: 'build', name: 'dropXIdForOracle' },
  );
  return client;
}

async function sdkPresign(config: S3ClientConfig, request: Required<Pick<PresignRequest, 'bucket' | 'key' | 'expiresIn' | 'signingDate'>> & PresignRequest): Promise<string> {
  const overrides = request.responseHeaders ?? {};
  const input = {
    Bucket: request.bucket,
    Key: request.key,
    ResponseCacheControl: overrides.cacheControl,
    ResponseContentDisposition: overrides.contentDisposition,
    ResponseContentEncoding: overrides.contentEncoding,
    ResponseContentLanguage: overrides.contentLanguage,
    ResponseContentType: overrides.contentType,
    ResponseExpires: overrides.expires === undefined ? undefined : new Date(overrides.expires),
  };
  const command = request.method === 'HEAD'
    ? new HeadObjectCommand({ Bucket: request.bucket, Key: request.key })
    : new GetObjectCommand(input);
  return getSignedUrl(sdkClient(config), command, {
    expiresIn: request.expiresIn,
    signingDate: request.signingDate,
    unhoistableHeaders: NOT_HOISTED,
    unsignableHeaders: new Set(NOT_HOISTED),
  });
}

/** Same parameters, any order: SigV4 sorts them, so only the set (and the signature) must agree. */
function normalise(url: string): { base: string; params: string[] } {
  const [base = '', query = ''] = url.split('?');
  return { base, params: query.split('&').sort() };
}

const awkwardChar = fc.constantFrom(...'abcXYZ019-._~ +~!*\'()&=;,:@$?#%/é中😀'.split(/(?=[\s\S])/u), '\u00a0', 'ü');
const key = fc
  .array(awkwardChar, { minLength: 1, maxLength: 24 })
  .map((chars) => chars.join(''))
  .filter((candidate) => !candidate.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment)));
const headerValue = fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }).filter((value) => !/[\u0000-\u001f\u007f]/.test(value));
const responseHeaders = fc.record(
  { contentDisposition: headerValue, contentType: headerValue, cacheControl: headerValue, contentLanguage: headerValue, contentEncoding: headerValue },
  { requiredKeys: [] },
);
const credentials = fc.record({
  accessKeyId: fc.constantFrom('AKIAIOSFODNN7EXAMPLE', 'ASIAEXAMPLE123'),
  secretAccessKey: fc.constantFrom('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 's3cr3t+/='),
  sessionToken: fc.option(fc.constantFrom('FwoGZXIvYXdzEBYaD+/token==', 'simple-token'), { nil: undefined }),
});
const addressing = fc.oneof(
  fc.record({ region: fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1'), forcePathStyle: fc.boolean(), useDualstackEndpoint: fc.boolean() }),
  fc.record({ region: fc.constant('us-west-2'), useAccelerateEndpoint: fc.constant(true), useDualstackEndpoint: fc.boolean() }),
  fc.constant({ region: 'auto', endpoint: 'https://0123456789abcdef.r2.cloudflarestorage.com' }),
  fc.constant({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true }),
  fc.constant({ region: 'eu-central-1', endpoint: 'https://s3.eu-central-1.wasabisys.com' }),
);

describe('S3 presigner vs @aws-sdk/s3-request-presigner (oracle)', () => {
  it('signs byte-identical URLs over generated keys, regions, addressing, tokens and overrides', async () => {
    await fc.assert(
      fc.asyncProperty(
        addressing,
        credentials,
        fc.constantFrom('examplebucket', 'my-bucket-01', 'dotted.bucket.name'),
        key,
        fc.constantFrom<'GET' | 'HEAD'>('GET', 'HEAD'),
        fc.integer({ min: 1, max: 604_800 }),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.option(responseHeaders, { nil: undefined }),
        async (address, creds, bucket, objectKey, method, expiresIn, signingDate, overrides) => {
          const accelerated = 'useAccelerateEndpoint' in address && address.useAccelerateEndpoint;
          fc.pre(!(accelerated && bucket.includes('.')));
          const request: PresignRequest = { bucket, key: objectKey, method, expiresIn, signingDate, responseHeaders: method === 'GET' ? overrides : undefined };
          const ours = createS3Presigner({ ...(address as S3PresignerOptions), credentials: creds }).presignSync(request);
          const theirs = await sdkPresign({ ...address, credentials: creds }, { ...request, bucket, key: objectKey, expiresIn, signingDate });
          expect(normalise(ours)).to.deep.equal(normalise(theirs));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the documented corner keys identical (a//b, trailing /, + and space, percent)', async () => {
    for (const objectKey of ['a//b', 'dir/', '/leading', 'a b+c', '100%', 'a%2Fb', "!*'()", 'a&b=c;d,e:f@g$h', 'ü/😀']) {
      const request = { bucket: 'examplebucket', key: objectKey, expiresIn: 900, signingDate: new Date('2024-02-29T12:00:00Z') };
      const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' };
      const ours = createS3Presigner({ region: 'eu-west-1', credentials: creds }).presignSync(request);
      expect(normalise(ours), objectKey).to.deep.equal(normalise(await sdkPresign({ region: 'eu-west-1', credentials: creds }, request)));
    }
  });
});
