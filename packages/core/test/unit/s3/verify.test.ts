import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { expect } from 'chai';
import { createS3Presigner } from '../../../src/s3/presigner.js';
import { verifyS3PresignedUrl, type VerifyS3PresignedUrlInput } from '../../../src/s3/verify.js';
import { signQuery } from '../../../src/sigv4/query-signer.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const secrets = { [credentials.accessKeyId]: credentials.secretAccessKey };
const T0 = Date.parse('2026-03-01T10:00:00Z');
const host = '127.0.0.1:4566';
const presigner = createS3Presigner({ region: 'us-east-1', endpoint: `http://${host}`, credentials, now: () => T0 });

function verify(url: string, overrides: Partial<VerifyS3PresignedUrlInput> = {}) {
  return verifyS3PresignedUrl({ method: 'GET', url, host, secrets, now: () => T0 + 1000, ...overrides });
}

function codeOf(url: string, overrides: Partial<VerifyS3PresignedUrlInput> = {}): string {
  const result = verify(url, overrides);
  return result.ok ? 'ok' : result.code;
}

describe('s3/verifyS3PresignedUrl', () => {
  const url = presigner.presignSync({ bucket: 'media', key: 'dir/ü b+c.pdf', expiresIn: 600, responseHeaders: { contentDisposition: 'attachment; filename="x.pdf"', contentType: 'application/pdf' } });
  const pathAndQuery = url.slice(`http://${host}`.length);

  it('accepts our URL, absolute or as the request target, and returns bucket, key and the signed overrides', () => {
    for (const candidate of [url, pathAndQuery]) {
      const result = verify(candidate);
      expect(result).to.deep.include({ ok: true, bucket: 'media', key: 'dir/ü b+c.pdf', accessKeyId: credentials.accessKeyId });
      expect(result.ok && result.responseHeaders).to.deep.equal({ 'content-disposition': 'attachment; filename="x.pdf"', 'content-type': 'application/pdf' });
      expect(result.ok && result.expiresAt.getTime()).to.equal(T0 + 600_000);
    }
  });

  it('accepts URLs from @aws-sdk/s3-request-presigner (x-id and X-Amz-Content-Sha256 included)', async () => {
    const client = new S3Client({ region: 'us-east-1', endpoint: `http://${host}`, forcePathStyle: true, credentials, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    const sdkUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'media', Key: "a&b=c;d,e:f@g$h/!*'()" }), { expiresIn: 60, signingDate: new Date(T0) });
    expect(sdkUrl).to.contain('x-id=GetObject');
    expect(verify(sdkUrl)).to.deep.include({ ok: true, key: "a&b=c;d,e:f@g$h/!*'()" });
  });

  it('SignatureDoesNotMatch: changed signature, key, expiry, method, host, added parameter, bad hex', () => {
    const flipped = url.slice(0, -1) + (url.endsWith('0') ? '1' : '0');
    expect(codeOf(flipped)).to.equal('SignatureDoesNotMatch');
    expect(codeOf(url.replace('/media/dir/', '/media/other/'))).to.equal('SignatureDoesNotMatch');
    expect(codeOf(url.replace('X-Amz-Expires=600', 'X-Amz-Expires=6000'))).to.equal('SignatureDoesNotMatch');
    expect(codeOf(url, { method: 'HEAD' })).to.equal('SignatureDoesNotMatch');
    expect(codeOf(url, { host: 'evil.example' })).to.equal('SignatureDoesNotMatch');
    expect(codeOf(`${url}&response-cache-control=public`)).to.equal('SignatureDoesNotMatch');
    expect(codeOf(url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=ZZ'))).to.equal('SignatureDoesNotMatch');
    expect(codeOf(url.replace(/X-Amz-Signature=([0-9a-f]+)/, (_, hex: string) => `X-Amz-Signature=${hex.toUpperCase()}`))).to.equal('SignatureDoesNotMatch');
  });

  it('AccessDenied: expired, and signed too far in the future (beyond 15 minutes of skew)', () => {
    expect(codeOf(url, { now: () => T0 + 600_001 })).to.equal('AccessDenied');
    expect(codeOf(url, { now: () => T0 + 600_000 })).to.equal('ok');
    const future = presigner.presignSync({ bucket: 'media', key: 'k', signingDate: new Date(T0 + 16 * 60_000) });
    expect(verify(future)).to.deep.include({ ok: false, code: 'AccessDenied', message: 'Request is not valid yet' });
    const nearFuture = presigner.presignSync({ bucket: 'media', key: 'k', signingDate: new Date(T0 + 14 * 60_000) });
    expect(codeOf(nearFuture)).to.equal('ok');
  });

  it('AccessDenied when there is no authentication at all; InvalidAccessKeyId for unknown keys', () => {
    expect(codeOf('/media/k')).to.equal('AccessDenied');
    expect(codeOf(url, { secrets: { OTHER: 'x' } })).to.equal('InvalidAccessKeyId');
    expect(codeOf(url, { secrets: Object.create({ [credentials.accessKeyId]: 'inherited' }) as Record<string, string> })).to.equal('InvalidAccessKeyId');
  });

  it('AuthorizationQueryParametersError: missing, duplicated or malformed parameters, > 7 days, wrong region', () => {
    expect(codeOf(url.replace(/&X-Amz-Date=[^&]+/, ''))).to.equal('AuthorizationQueryParametersError');
    expect(codeOf(`${url}&X-Amz-Expires=1`)).to.equal('AuthorizationQueryParametersError');
    expect(codeOf(url.replace('X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Algorithm=AWS4-HMAC-SHA1'))).to.equal('AuthorizationQueryParametersError');
    expect(codeOf(url.replace('%2Fs3%2F', '%2Fiam%2F'))).to.equal('AuthorizationQueryParametersError');
    expect(codeOf(url.replace('X-Amz-Date=20260301', 'X-Amz-Date=20260302'))).to.equal('AuthorizationQueryParametersError');
    expect(codeOf(url.replace('X-Amz-SignedHeaders=host', 'X-Amz-SignedHeaders=x-foo'))).to.equal('AuthorizationQueryParametersError');
    expect(codeOf(url.replace('X-Amz-Expires=600', 'X-Amz-Expires=604801'))).to.equal('AuthorizationQueryParametersError');
    expect(codeOf(url, { region: 'eu-west-1' })).to.equal('AuthorizationQueryParametersError');
    expect(codeOf(url, { region: 'us-east-1' })).to.equal('ok');
  });

  it('InvalidURI for undecodable paths or queries', () => {
    expect(codeOf(pathAndQuery.replace('/media/', '/media/%E0%A4%A/'))).to.equal('InvalidURI');
    expect(codeOf(`/${pathAndQuery.slice(pathAndQuery.indexOf('?'))}`)).to.equal('InvalidURI');
  });

  it('session tokens: signed into the URL, checked when the verifier knows them', () => {
    const withToken = createS3Presigner({ region: 'us-east-1', endpoint: `http://${host}`, credentials: { ...credentials, sessionToken: 'the-token' }, now: () => T0 }).presignSync({ bucket: 'media', key: 'k' });
    expect(codeOf(withToken)).to.equal('ok');
    expect(codeOf(withToken, { sessionTokens: { [credentials.accessKeyId]: 'the-token' } })).to.equal('ok');
    expect(codeOf(withToken, { sessionTokens: { [credentials.accessKeyId]: 'another' } })).to.equal('InvalidToken');
    expect(codeOf(withToken.replace('the-token', 'forged'))).to.equal('SignatureDoesNotMatch');
  });

  it('virtual-hosted URLs: the bucket from an AWS host name, or given for a custom endpoint', () => {
    const aws = createS3Presigner({ region: 'eu-west-1', credentials, now: () => T0 }).presignSync({ bucket: 'acme-reports', key: 'pdf/a b.pdf' });
    const awsHost = 'acme-reports.s3.eu-west-1.amazonaws.com';
    expect(verify(aws, { host: awsHost })).to.deep.include({ ok: true, bucket: 'acme-reports', key: 'pdf/a b.pdf' });
    expect(codeOf(aws, { host: 'other-bucket.s3.eu-west-1.amazonaws.com' })).to.equal('SignatureDoesNotMatch');
    const custom = createS3Presigner({ region: 'us-east-1', endpoint: 'http://minio.local:9000', credentials, now: () => T0 }).presignSync({ bucket: 'media', key: 'x/y' });
    expect(verify(custom, { host: 'media.minio.local:9000', bucket: 'media' })).to.deep.include({ ok: true, bucket: 'media', key: 'x/y' });
    expect(verify(custom, { host: 'media.minio.local:9000' })).to.deep.include({ ok: true, bucket: 'x', key: 'y' });
  });

  it('SECURITY: only the six documented response-* overrides come back as headers, even when signed', () => {
    const { queryString } = signQuery({
      method: 'GET', canonicalUri: '/media/k', headers: [['host', host]], payloadHash: 'UNSIGNED-PAYLOAD', ...credentials,
      query: [['response-set-cookie', 'session=stolen'], ['response-content-type', 'text/plain']],
      region: 'us-east-1', service: 's3', signingTime: T0, expiresIn: 60,
    });
    const result = verify(`/media/k?${queryString}`);
    expect(result.ok).to.equal(true);
    expect(result.ok && result.responseHeaders).to.deep.equal({ 'content-type': 'text/plain' });
  });
});
