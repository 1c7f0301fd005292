import { expect } from 'chai';
import { createBucketAddresser, type EndpointOptions } from '../../../src/s3/endpoint.js';

const defaults: EndpointOptions = { region: 'eu-west-1', forcePathStyle: false, useDualstackEndpoint: false, useAccelerateEndpoint: false };
const address = (options: Partial<EndpointOptions>, bucket: string) => createBucketAddresser({ ...defaults, ...options })(bucket);

describe('s3/endpoint', () => {
  it('virtual-hosted by default on the regional endpoint', () => {
    expect(address({}, 'my-bucket')).to.deep.equal({ origin: 'https://my-bucket.s3.eu-west-1.amazonaws.com', host: 'my-bucket.s3.eu-west-1.amazonaws.com', pathPrefix: '' });
  });

  it('path style when forced, for dotted buckets and for legacy names', () => {
    expect(address({ forcePathStyle: true }, 'my-bucket').pathPrefix).to.equal('/my-bucket');
    expect(address({}, 'my.bucket')).to.deep.equal({ origin: 'https://s3.eu-west-1.amazonaws.com', host: 's3.eu-west-1.amazonaws.com', pathPrefix: '/my.bucket' });
    expect(address({}, 'Legacy_Bucket').pathPrefix).to.equal('/Legacy_Bucket');
  });

  it('China, dual-stack and accelerate hosts', () => {
    expect(address({ region: 'cn-north-1' }, 'bucket').host).to.equal('bucket.s3.cn-north-1.amazonaws.com.cn');
    expect(address({ useDualstackEndpoint: true }, 'bucket').host).to.equal('bucket.s3.dualstack.eu-west-1.amazonaws.com');
    expect(address({ useAccelerateEndpoint: true }, 'bucket').host).to.equal('bucket.s3-accelerate.amazonaws.com');
    expect(address({ useAccelerateEndpoint: true, useDualstackEndpoint: true }, 'bucket').host).to.equal('bucket.s3-accelerate.dualstack.amazonaws.com');
  });

  it('accelerate refuses dotted buckets per request and path style at startup', () => {
    expect(() => address({ useAccelerateEndpoint: true }, 'my.bucket')).to.throw(/Acceleration/).with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    expect(() => createBucketAddresser({ ...defaults, useAccelerateEndpoint: true, forcePathStyle: true })).to.throw().with.property('code', 'ERR_ACCEL_CONFIG');
    expect(() => createBucketAddresser({ ...defaults, region: 'cn-north-1', useAccelerateEndpoint: true })).to.throw().with.property('code', 'ERR_ACCEL_CONFIG');
  });

  it('custom endpoints: R2, MinIO on an IP (path style), B2/Wasabi virtual-hosted, base paths and ports kept', () => {
    expect(address({ region: 'auto', endpoint: 'https://acct.r2.cloudflarestorage.com' }, 'media').origin).to.equal('https://media.acct.r2.cloudflarestorage.com');
    expect(address({ endpoint: 'http://127.0.0.1:9000' }, 'media')).to.deep.equal({ origin: 'http://127.0.0.1:9000', host: '127.0.0.1:9000', pathPrefix: '/media' });
    expect(address({ endpoint: 'http://[::1]:9000' }, 'media').pathPrefix).to.equal('/media');
    expect(address({ endpoint: 'https://s3.us-west-004.backblazeb2.com' }, 'media').host).to.equal('media.s3.us-west-004.backblazeb2.com');
    expect(address({ endpoint: 'https://gw.example.com:8443/s3/', forcePathStyle: true }, 'media')).to.deep.equal({ origin: 'https://gw.example.com:8443', host: 'gw.example.com:8443', pathPrefix: '/s3/media' });
    expect(address({ endpoint: 'https://s3.wasabisys.com:443' }, 'media').host).to.equal('media.s3.wasabisys.com');
  });

  it('SECURITY: refuses endpoints carrying credentials, queries, fragments or other schemes', () => {
    for (const endpoint of ['https://user:pass@s3.example.com', 'https://s3.example.com/?x=1', 'https://s3.example.com/#f', 'ftp://s3.example.com', 'not a url']) {
      expect(() => createBucketAddresser({ ...defaults, endpoint }), endpoint).to.throw().with.property('code', 'ERR_ACCEL_CONFIG');
    }
  });

  it('SECURITY: refuses region names that would change the host', () => {
    for (const region of ['eu-west-1.evil.com', 'eu west', '', 'EU-WEST-1', 'eu-west-1/']) {
      expect(() => createBucketAddresser({ ...defaults, region }), region).to.throw(/region/).with.property('code', 'ERR_ACCEL_CONFIG');
    }
  });

  it('refuses dual-stack or accelerate with a custom endpoint', () => {
    expect(() => createBucketAddresser({ ...defaults, endpoint: 'https://x.example', useDualstackEndpoint: true })).to.throw().with.property('code', 'ERR_ACCEL_CONFIG');
  });
});
