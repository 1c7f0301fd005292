import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { createSigningParts } from '../../../src/s3/signing-parts.js';
import { deriveSigningKey } from '../../../src/sigv4/signing-key.js';

describe('s3/signing-parts', () => {
  const credentials = { accessKeyId: 'AKID/x', secretAccessKey: 'secret', sessionToken: 'a+b/c=' };

  it('encodes the access key id and token once, and signs under the day\'s key', () => {
    const parts = createSigningParts('eu-west-1')(credentials, '20260301');
    expect(parts.credentialPrefix).to.equal('AKID%2Fx%2F');
    expect(parts.tokenParam).to.equal('&X-Amz-Security-Token=a%2Bb%2Fc%3D');
    const stringToSign = 'AWS4-HMAC-SHA256\n20260301T000000Z\n20260301/eu-west-1/s3/aws4_request\nabc';
    expect(parts.sign(stringToSign, 'hex')).to.equal(createHmac('sha256', deriveSigningKey('secret', '20260301', 'eu-west-1', 's3')).update(stringToSign).digest('hex'));
  });

  it('reuses the parts for the same credentials object and day; recomputes on refresh or a new day', () => {
    const partsFor = createSigningParts('eu-west-1');
    const first = partsFor(credentials, '20260301');
    expect(partsFor(credentials, '20260301')).to.equal(first);
    expect(partsFor(credentials, '20260302')).to.not.equal(first);
    expect(partsFor({ ...credentials, secretAccessKey: 'rotated' }, '20260302').sign('x', 'hex')).not.to.equal(first.sign('x', 'hex'));
  });
});
