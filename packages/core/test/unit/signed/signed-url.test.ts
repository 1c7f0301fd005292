import { expect } from 'chai';
import { compileHostAllowList } from '../../../src/signed/host-allow-list.js';
import { signedObjectUrl, signedUrlOfUrlKey } from '../../../src/signed/signed-url.js';

const hosts = compileHostAllowList(['bucket.s3.amazonaws.com', '127.0.0.1:9000'], 'hosts', 'https');
const QUERY = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261206%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261206T040000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123';

function refusal(key: string): string {
  try {
    signedObjectUrl(key, QUERY, hosts, 'https');
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error(`no refusal for ${key}`);
}

describe('signed(): the URL built from the key', () => {
  it('keeps the single-escaped path and the query byte for byte', () => {
    // Zulip sends quote(path): the engine's one decoding leaves the path S3 signed.
    expect(signedObjectUrl('bucket.s3.amazonaws.com/2/ab/moby%20dick%2B%C3%A9.pdf', QUERY, hosts, 'https')).to.equal(`https://bucket.s3.amazonaws.com/2/ab/moby%20dick%2B%C3%A9.pdf?${QUERY}`);
    expect(signedObjectUrl('bucket.s3.amazonaws.com/a%2Fb', '', hosts, 'https')).to.equal('https://bucket.s3.amazonaws.com/a%2Fb');
    expect(signedObjectUrl('127.0.0.1:9000/bucket/k', 'a=1', hosts, 'http')).to.equal('http://127.0.0.1:9000/bucket/k?a=1');
  });

  it('escapes only what cannot stand in a URL path', () => {
    expect(signedObjectUrl('bucket.s3.amazonaws.com/a b?c#d"é😀%zz%4', '', hosts, 'https')).to.equal('https://bucket.s3.amazonaws.com/a%20b%3Fc%23d%22%C3%A9%F0%9F%98%80%25zz%254');
    expect(signedObjectUrl("bucket.s3.amazonaws.com/!$&'()*+,;=:@~-._", '', hosts, 'https')).to.equal("https://bucket.s3.amazonaws.com/!$&'()*+,;=:@~-._");
  });

  it('lower-cases the host as every URL parser would', () => {
    expect(signedObjectUrl('Bucket.S3.amazonaws.com/k', '', hosts, 'https')).to.equal('https://bucket.s3.amazonaws.com/k');
  });

  it('refuses a host off the list with ERR_ACCEL_UNMAPPED, and a key with no path after the host', () => {
    expect(refusal('evil.com/k')).to.equal('ERR_ACCEL_UNMAPPED');
    expect(refusal('bucket.s3.amazonaws.com')).to.equal('ERR_ACCEL_UNMAPPED');
    expect(refusal('127.0.0.1/k')).to.equal('ERR_ACCEL_UNMAPPED');
  });

  it('SECURITY: a wildcard host that no URL parser of this Node takes (not Punycode: Node 22 refuses it) is ERR_ACCEL_UNMAPPED, never a thrown TypeError', () => {
    const wildcard = compileHostAllowList(['*.s3.eu-west-1.amazonaws.com'], 'hosts', 'https');
    for (const label of ['xn--acme', 'xn--a', 'xn--9999999999a', 'xn--a-ecp']) {
      const host = `${label}.s3.eu-west-1.amazonaws.com`;
      let outcome: string;
      try {
        outcome = signedObjectUrl(`${host}/k`, '', wildcard, 'https');
      } catch (error) {
        outcome = (error as { code?: string }).code ?? String(error);
      }
      expect(outcome, label).to.equal(URL.parse(`https://${host}/k`) === null ? 'ERR_ACCEL_UNMAPPED' : `https://${host}/k`);
    }
  });

  it('refuses encoded dot segments, which URL parsers resolve', () => {
    for (const key of ['bucket.s3.amazonaws.com/a/%2e%2e/b', 'bucket.s3.amazonaws.com/%2E/b', 'bucket.s3.amazonaws.com/a/.%2e', 'bucket.s3.amazonaws.com/%2e']) {
      expect(refusal(key), key).to.equal('ERR_ACCEL_UNSAFE_PATH');
    }
    expect(signedObjectUrl('bucket.s3.amazonaws.com/a/%2e%2e%2e', '', hosts, 'https')).to.equal('https://bucket.s3.amazonaws.com/a/%2e%2e%2e');
  });

  it('takes the URL itself as the key in the url form: exactly the scheme given, then the same checks', () => {
    expect(signedUrlOfUrlKey('https://bucket.s3.amazonaws.com/a%20b', QUERY, hosts, 'https')).to.equal(`https://bucket.s3.amazonaws.com/a%20b?${QUERY}`);
    expect(signedUrlOfUrlKey('http://127.0.0.1:9000/bucket/k', '', hosts, 'http')).to.equal('http://127.0.0.1:9000/bucket/k');
    const refused = (key: string, protocol: 'https' | 'http' = 'https') => {
      try {
        signedUrlOfUrlKey(key, '', hosts, protocol);
      } catch (error) {
        return (error as { code: string }).code;
      }
      return 'accepted';
    };
    for (const key of ['http://bucket.s3.amazonaws.com/k', 'HTTPS://bucket.s3.amazonaws.com/k', 'https:/bucket.s3.amazonaws.com/k', 'httpsx://bucket.s3.amazonaws.com/k', 'bucket.s3.amazonaws.com/k', 'https://evil.com/k', 'https://a@bucket.s3.amazonaws.com/k']) {
      expect(refused(key), key).to.equal('ERR_ACCEL_UNMAPPED');
    }
    expect(refused('https://127.0.0.1:9000/bucket/k', 'http')).to.equal('ERR_ACCEL_UNMAPPED');
    expect(refused('https://bucket.s3.amazonaws.com/%2e%2e/k')).to.equal('ERR_ACCEL_UNSAFE_PATH');
  });
});
