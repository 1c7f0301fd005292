import { expect } from 'chai';
import { createS3Presigner } from '../../../src/s3/presigner.js';
import { verifyS3PresignedUrl } from '../../../src/s3/verify.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const T0 = Date.parse('2026-03-01T10:00:00Z');

function params(url: string): URLSearchParams {
  return new URL(url).searchParams;
}

describe('s3/createS3Presigner', () => {
  it('signs GET with the documented parameters, host the only signed header', () => {
    const url = createS3Presigner({ region: 'eu-west-1', credentials, now: () => T0 }).presignSync({ bucket: 'media-bucket', key: 'a b/c+d.pdf' });
    expect(url.split('?')[0]).to.equal('https://media-bucket.s3.eu-west-1.amazonaws.com/a%20b/c%2Bd.pdf');
    const query = params(url);
    expect(query.get('X-Amz-Algorithm')).to.equal('AWS4-HMAC-SHA256');
    expect(query.get('X-Amz-Credential')).to.equal('AKIAIOSFODNN7EXAMPLE/20260301/eu-west-1/s3/aws4_request');
    expect(query.get('X-Amz-Date')).to.equal('20260301T100000Z');
    expect(query.get('X-Amz-Expires')).to.equal('900');
    expect(query.get('X-Amz-SignedHeaders')).to.equal('host');
    expect(query.get('X-Amz-Signature')).to.match(/^[0-9a-f]{64}$/);
    expect(query.has('X-Amz-Security-Token')).to.equal(false);
  });

  it('adds X-Amz-Security-Token for temporary credentials, signed', () => {
    const presigner = createS3Presigner({ region: 'eu-west-1', credentials: { ...credentials, sessionToken: 'tok/+=' }, now: () => T0 });
    const url = presigner.presignSync({ bucket: 'media-bucket', key: 'k', expiresIn: 60 });
    expect(url).to.contain('&X-Amz-Security-Token=tok%2F%2B%3D&X-Amz-SignedHeaders=host');
  });

  it('HEAD and GET signatures differ (presigned URLs are method-bound) and each verifies only for its method', () => {
    const presigner = createS3Presigner({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', credentials, now: () => T0 });
    const get = presigner.presignSync({ bucket: 'bkt', key: 'k' });
    const head = presigner.presignSync({ bucket: 'bkt', key: 'k', method: 'HEAD' });
    expect(params(get).get('X-Amz-Signature')).to.not.equal(params(head).get('X-Amz-Signature'));
    const verify = (method: string, url: string) => verifyS3PresignedUrl({ method, url, host: '127.0.0.1:9000', secrets: { [credentials.accessKeyId]: credentials.secretAccessKey }, now: () => T0 }).ok;
    expect([verify('GET', get), verify('HEAD', get), verify('HEAD', head), verify('GET', head)]).to.deep.equal([true, false, true, false]);
  });

  it('uses signingDate when given and the injected clock otherwise', () => {
    const presigner = createS3Presigner({ region: 'eu-west-1', credentials, now: () => T0 });
    expect(params(presigner.presignSync({ bucket: 'bkt', key: 'k', signingDate: new Date('2030-12-31T23:59:59Z') })).get('X-Amz-Date')).to.equal('20301231T235959Z');
    expect(params(presigner.presignSync({ bucket: 'bkt', key: 'k' })).get('X-Amz-Date')).to.equal('20260301T100000Z');
  });

  it('is deterministic: same inputs, same URL (cache-friendly)', () => {
    const presigner = createS3Presigner({ region: 'eu-west-1', credentials, now: () => T0 });
    expect(presigner.presignSync({ bucket: 'bkt', key: 'k' })).to.equal(presigner.presignSync({ bucket: 'bkt', key: 'k' }));
  });

  it('SECURITY: refuses dot segments, also percent-encoded, before they reach a browser', () => {
    const presigner = createS3Presigner({ region: 'eu-west-1', credentials });
    for (const key of ['../secret', 'a/./b', 'a/..', '%2e%2e/secret', 'a/%2E/b', '.%2e/x', '%2e']) {
      expect(() => presigner.presignSync({ bucket: 'bkt', key }), key).to.throw(/"\."/).with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    }
    expect(() => presigner.presignSync({ bucket: 'bkt', key: '...' })).to.not.throw();
  });

  it('SECURITY: refuses an empty key (it would presign the bucket listing) and keys over 1024 bytes', () => {
    const presigner = createS3Presigner({ region: 'eu-west-1', credentials });
    expect(() => presigner.presignSync({ bucket: 'bkt', key: '' })).to.throw().with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    expect(() => presigner.presignSync({ bucket: 'bkt', key: 'é'.repeat(513) })).to.throw(/1024/).with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    expect(() => presigner.presignSync({ bucket: 'bkt', key: 'é'.repeat(512) })).to.not.throw();
  });

  it('SECURITY: refuses a bucket that would change the host', () => {
    const presigner = createS3Presigner({ region: 'eu-west-1', credentials });
    expect(() => presigner.presignSync({ bucket: 'evil.com#', key: 'k' })).to.throw().with.property('code', 'ERR_ACCEL_INVALID_INPUT');
  });

  it('refuses methods other than GET and HEAD, and bad dates', () => {
    const presigner = createS3Presigner({ region: 'eu-west-1', credentials });
    expect(() => presigner.presignSync({ bucket: 'bkt', key: 'k', method: 'PUT' as 'GET' })).to.throw(/GET or HEAD/);
    expect(() => presigner.presignSync({ bucket: 'bkt', key: 'k', signingDate: new Date(Number.NaN) })).to.throw(/signingDate/);
  });

  it('validates options at startup with ERR_ACCEL_CONFIG', () => {
    expect(() => createS3Presigner({ region: 'eu-west-1', credentials, expiresIn: 700_000 })).to.throw(/expiresIn/).with.property('code', 'ERR_ACCEL_CONFIG');
    expect(() => createS3Presigner({ region: 'eu-west-1', credentials, onCredentialExpiry: 'ignore' as 'clamp' })).to.throw(/onCredentialExpiry/);
    expect(() => createS3Presigner({ region: 'eu-west-1', credentials, credentialExpiryMargin: -1 })).to.throw(/credentialExpiryMargin/);
    expect(() => createS3Presigner({ region: 'not a region', credentials })).to.throw(/region/);
  });

  it('clamps the expiry to temporary credentials, with the margin', () => {
    const presigner = createS3Presigner({ region: 'eu-west-1', credentials: { ...credentials, sessionToken: 't', expiration: new Date(T0 + 20 * 60_000) }, now: () => T0 });
    expect(params(presigner.presignSync({ bucket: 'bkt', key: 'k', expiresIn: 3600 })).get('X-Amz-Expires')).to.equal(String(19 * 60));
  });

  it('presignSync throws ERR_ACCEL_CREDENTIALS until a provider has answered; presign() waits; ready() resolves', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const presigner = createS3Presigner({ region: 'eu-west-1', credentials: async () => { await gate; return credentials; }, now: () => T0 });
    expect(() => presigner.presignSync({ bucket: 'bkt', key: 'k' })).to.throw(/ready\(\)/).with.property('code', 'ERR_ACCEL_CREDENTIALS');
    const pending = presigner.presign({ bucket: 'bkt', key: 'k' });
    release();
    await presigner.ready();
    expect(await pending).to.equal(presigner.presignSync({ bucket: 'bkt', key: 'k' }));
    presigner.close();
  });

  it('derives the signing key once per day and credentials (a day change gives a new, valid scope)', () => {
    let now = Date.parse('2026-03-01T23:59:59Z');
    const presigner = createS3Presigner({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9000', credentials, now: () => now });
    const before = presigner.presignSync({ bucket: 'bkt', key: 'k' });
    now += 1000;
    const after = presigner.presignSync({ bucket: 'bkt', key: 'k' });
    expect(params(before).get('X-Amz-Credential')).to.contain('/20260301/');
    expect(params(after).get('X-Amz-Credential')).to.contain('/20260302/');
    for (const url of [before, after]) {
      expect(verifyS3PresignedUrl({ method: 'GET', url, host: '127.0.0.1:9000', secrets: { [credentials.accessKeyId]: credentials.secretAccessKey }, now: () => now }).ok).to.equal(true);
    }
  });
});
