import { expect } from 'chai';
import { compileHostAllowList } from '../../../src/signed/host-allow-list.js';
import { configFailure } from '../targets/target-helpers.js';

const hosts = compileHostAllowList(['bucket.s3.amazonaws.com', '*.s3.eu-west-1.amazonaws.com', '127.0.0.1:9000', '[::1]:9000', 'xn--bcher-kva.example'], 'hosts', 'https');

describe('signed(): the host allow-list', () => {
  it('matches exact names (ASCII case aside), with the port an entry names', () => {
    expect(hosts.match('bucket.s3.amazonaws.com')).to.equal('bucket.s3.amazonaws.com');
    expect(hosts.match('BUCKET.S3.AmazonAWS.com')).to.equal('bucket.s3.amazonaws.com');
    expect(hosts.match('127.0.0.1:9000')).to.equal('127.0.0.1:9000');
    expect(hosts.match('[::1]:9000')).to.equal('[::1]:9000');
    expect(hosts.match('xn--bcher-kva.example')).to.equal('xn--bcher-kva.example');
  });

  it('a wildcard matches one or more labels under its suffix, never the suffix itself', () => {
    expect(hosts.match('acme.s3.eu-west-1.amazonaws.com')).to.equal('acme.s3.eu-west-1.amazonaws.com');
    expect(hosts.match('a.b.s3.eu-west-1.amazonaws.com')).to.equal('a.b.s3.eu-west-1.amazonaws.com');
    expect(hosts.match('s3.eu-west-1.amazonaws.com')).to.equal(undefined);
    expect(hosts.match('.s3.eu-west-1.amazonaws.com')).to.equal(undefined);
    expect(hosts.match('evils3.eu-west-1.amazonaws.com')).to.equal(undefined);
    expect(hosts.match('acme.s3.eu-west-1.amazonaws.com.evil.com')).to.equal(undefined);
  });

  // SECURITY: each of these is another server (or a way to name one) that an app's header must not reach.
  const refused: Array<[string, string]> = [
    ['localhost', 'localhost'],
    ['empty', ''],
    ['IPv4 loopback not listed with this port', '127.0.0.1'],
    ['IPv4 in decimal', '2130706433'],
    ['IPv4 in decimal, with the port', '2130706433:9000'],
    ['IPv4 in hex', '0x7f.1:9000'],
    ['IPv4 short form', '127.1:9000'],
    ['IPv4 in octal', '0177.0.0.1:9000'],
    ['IPv6 in another spelling', '[0:0:0:0:0:0:0:1]:9000'],
    ['IPv4-mapped IPv6', '[::ffff:127.0.0.1]:9000'],
    ['IPv6 without port', '[::1]'],
    ['cloud metadata', '169.254.169.254'],
    ['userinfo', 'bucket.s3.amazonaws.com@evil.com'],
    ['userinfo, the other way', 'evil.com@bucket.s3.amazonaws.com'],
    ['a port not listed', 'bucket.s3.amazonaws.com:8080'],
    ['the default port written out', 'bucket.s3.amazonaws.com:443'],
    ['a port on a wildcard without one', 'acme.s3.eu-west-1.amazonaws.com:9000'],
    ['an empty port', 'bucket.s3.amazonaws.com:'],
    ['a trailing dot', 'bucket.s3.amazonaws.com.'],
    ['a trailing dot under a wildcard', 'acme.s3.eu-west-1.amazonaws.com.'],
    ['percent-encoding', 'bucket%2es3.amazonaws.com'],
    ['an encoded slash', 'evil.com%2Fbucket.s3.amazonaws.com'],
    ['percent-encoding under a wildcard', 'a%2Fb.s3.eu-west-1.amazonaws.com'],
    ['a Unicode name (the punycode one is listed)', 'bücher.example'],
    ['a Cyrillic look-alike', 'bucket.s3.аmazonaws.com'],
    ['a look-alike in punycode', 'xn--bcket-9ra.s3.amazonaws.com'],
    ['the Kelvin sign, which lower-cases to k', 'bucket.s3.amazonaws.com'.replace('k', '\u212a')],
    ['a backslash', 'evil.com\\bucket.s3.amazonaws.com'],
    ['a space', 'bucket.s3.amazonaws.com evil.com'],
    ['a fullwidth dot', 'bucket.s3\uff0eamazonaws.com'],
    ['an underscore label under a wildcard', 'a_b.s3.eu-west-1.amazonaws.com'],
  ];
  for (const [what, candidate] of refused) {
    it(`refuses ${what}: ${JSON.stringify(candidate)}`, () => {
      expect(hosts.match(candidate)).to.equal(undefined);
    });
  }

  it('refuses at startup entries that could not be matched as written, naming the fix', () => {
    const entry = (value: unknown, protocol: 'https' | 'http' = 'https') => configFailure(() => compileHostAllowList([value], 'signed.hosts', protocol));
    expect(configFailure(() => compileHostAllowList([], 'signed.hosts', 'https'))).to.match(/^signed\.hosts: expected a non-empty array/);
    expect(entry('Bucket.example.com')).to.match(/^signed\.hosts\[0\]: .*upper-case.*"bucket\.example\.com"/);
    expect(entry('bücher.example')).to.match(/not plain ASCII.*xn--/);
    expect(entry('bucket.example.com.')).to.match(/ends with a dot/);
    expect(entry('bucket.example.com:443')).to.match(/default port.*"bucket\.example\.com"/);
    expect(entry('127.0.0.1:80', 'http')).to.match(/default port/);
    expect(entry('https://bucket.example.com')).to.match(/not a bare host/);
    expect(entry('a@bucket.example.com')).to.match(/not a bare host/);
    expect(entry('*.com')).to.match(/at least two labels/);
    expect(entry('*')).to.match(/not a host name/);
    expect(entry('a.*.example.com')).to.match(/not a host name/);
    expect(entry('127.1')).to.match(/not a host name or a canonical IP/);
    expect(entry('2130706433')).to.match(/not a host name or a canonical IP/);
    expect(entry('[0:0::1]')).to.match(/not a host name or a canonical IP/);
    expect(entry('bucket.example.com:99999')).to.match(/invalid port/);
    expect(entry('*.s3.amazonaws.com', 'http')).to.match(/wildcards are refused with protocol 'http'/);
    expect(entry(42)).to.match(/expected a host name, got/);
  });
});
