import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { createS3Presigner } from '../../src/s3/presigner.js';
import { signQuery } from '../../src/sigv4/query-signer.js';

// The S3 documentation's example, vendored byte for byte in test/vectors/sigv4/s3-docs-presigned-example/.
const example = new URL('../vectors/sigv4/s3-docs-presigned-example/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, example), 'utf8');

interface ExampleContext {
  credentials: { access_key_id: string; secret_access_key: string };
  region: string;
  timestamp: string;
  expiration_in_seconds: number;
  host: string;
  path: string;
}

describe('S3 documentation presigned GET example (test/vectors/sigv4/s3-docs-presigned-example)', () => {
  const context = JSON.parse(read('context.json')) as ExampleContext;
  const credentials = { accessKeyId: context.credentials.access_key_id, secretAccessKey: context.credentials.secret_access_key };

  it('reproduces the canonical request, string to sign and signature (reference signer)', () => {
    const result = signQuery({
      method: 'GET',
      canonicalUri: context.path,
      headers: [['host', context.host]],
      payloadHash: 'UNSIGNED-PAYLOAD',
      ...credentials,
      region: context.region,
      service: 's3',
      signingTime: Date.parse(context.timestamp),
      expiresIn: context.expiration_in_seconds,
    });
    expect(result.canonicalRequest).to.equal(read('canonical-request.txt'));
    expect(result.stringToSign).to.equal(read('string-to-sign.txt'));
    expect(result.signature).to.equal(read('signature.txt').trim());
  });

  it('produces the documented URL byte for byte (createS3Presigner fast path)', () => {
    const presigner = createS3Presigner({ region: context.region, endpoint: `https://${context.host.replace(/^examplebucket\./, '')}`, credentials });
    const url = presigner.presignSync({
      bucket: 'examplebucket',
      key: context.path.slice(1),
      expiresIn: context.expiration_in_seconds,
      signingDate: new Date(context.timestamp),
    });
    expect(url).to.equal(read('presigned-url.txt').trim());
  });
});
