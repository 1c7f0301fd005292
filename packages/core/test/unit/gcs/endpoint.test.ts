import { expect } from 'chai';
import { resolveGcsAddress } from '../../../src/gcs/endpoint.js';

function configError(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).to.include({ code: 'ERR_ACCEL_CONFIG' });
    return (error as Error).message;
  }
  throw new Error('expected ERR_ACCEL_CONFIG');
}

describe('resolveGcsAddress', () => {
  it('addresses the bucket path style, virtual-hosted or through a bucket-bound hostname', () => {
    expect(resolveGcsAddress({ bucket: 'media' })).to.deep.equal({ bucket: 'media', urlStyle: 'path', origin: 'https://storage.googleapis.com', host: 'storage.googleapis.com', pathPrefix: '/media' });
    expect(resolveGcsAddress({ bucket: 'media', urlStyle: 'virtual-hosted' })).to.include({ origin: 'https://media.storage.googleapis.com', host: 'media.storage.googleapis.com', pathPrefix: '' });
    expect(resolveGcsAddress({ bucket: 'media', bucketBoundHostname: 'https://cdn.example.com' })).to.include({ urlStyle: 'bucket-bound', origin: 'https://cdn.example.com', host: 'cdn.example.com', pathPrefix: '' });
    expect(resolveGcsAddress({ bucket: 'media', urlStyle: 'bucket-bound', bucketBoundHostname: 'cdn.example.com' })).to.include({ origin: 'https://cdn.example.com' });
  });

  it('keeps the written port in the URL and signs the host name without it, as the conformance vectors do', () => {
    expect(resolveGcsAddress({ bucket: 'media', endpoint: 'http://127.0.0.1:4443' })).to.include({ origin: 'http://127.0.0.1:4443', host: '127.0.0.1', pathPrefix: '/media' });
    expect(resolveGcsAddress({ bucket: 'media', endpoint: 'https://storage.googleapis.com:443' })).to.include({ origin: 'https://storage.googleapis.com:443', host: 'storage.googleapis.com' });
  });

  it('uses the universe domain of the options, else of the key file', () => {
    expect(resolveGcsAddress({ bucket: 'media' }, 'example-universe.net')).to.include({ origin: 'https://storage.example-universe.net' });
    expect(resolveGcsAddress({ bucket: 'media', universeDomain: 'domain.com' }, 'example-universe.net')).to.include({ origin: 'https://storage.domain.com' });
  });

  it('names the option that is wrong and the fix', () => {
    expect(configError(() => resolveGcsAddress({ bucket: 'Media' }))).to.match(/^bucket: expected a Cloud Storage bucket name .*, got the string "Media"\. Use the bucket name only/);
    expect(configError(() => resolveGcsAddress({ bucket: '192.168.1.1' }))).to.match(/^bucket:/);
    expect(configError(() => resolveGcsAddress({ bucket: `${'a'.repeat(64)}` }))).to.match(/^bucket:/);
    expect(resolveGcsAddress({ bucket: `${'a'.repeat(63)}.${'b'.repeat(63)}` }).bucket).to.have.length(127);
    expect(configError(() => resolveGcsAddress({ bucket: 'media', urlStyle: 'cname' as never }))).to.match(/^urlStyle: expected "path", "virtual-hosted" or "bucket-bound"/);
    expect(configError(() => resolveGcsAddress({ bucket: 'media', urlStyle: 'bucket-bound' }))).to.match(/^bucketBoundHostname: is required/);
    expect(configError(() => resolveGcsAddress({ bucket: 'media', urlStyle: 'path', bucketBoundHostname: 'cdn.example.com' }))).to.match(/^bucketBoundHostname: is only used with urlStyle "bucket-bound"/);
    expect(configError(() => resolveGcsAddress({ bucket: 'media', bucketBoundHostname: 'cdn.example.com', endpoint: 'http://x' }))).to.match(/^endpoint: cannot be combined/);
    expect(configError(() => resolveGcsAddress({ bucket: 'my.media', urlStyle: 'virtual-hosted' }))).to.match(/^urlStyle: bucket "my\.media" has a "\." or "_", so it cannot be a host name under the TLS certificate/);
    for (const endpoint of ['https://user:pw@storage.example', 'https://storage.example/base', 'https://storage.example?x=1', 'ftp://storage.example', 'https://Storage.example']) {
      expect(configError(() => resolveGcsAddress({ bucket: 'media', endpoint })), endpoint).to.match(/^endpoint: expected a lower-case http\(s\) origin without path, query or user:password@/);
    }
    expect(configError(() => resolveGcsAddress({ bucket: 'media', universeDomain: 'x' }))).to.match(/^universeDomain: expected a domain/);
  });
});
