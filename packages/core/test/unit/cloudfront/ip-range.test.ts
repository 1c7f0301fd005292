import { expect } from 'chai';
import fc from 'fast-check';
import { ipv4RangeContains, parseIpv4Range } from '../../../src/cloudfront/ip-range.js';

describe('parseIpv4Range / ipv4RangeContains', () => {
  it('keeps a CIDR as written and adds /32 to a bare address (as the AWS SDK does)', () => {
    expect(parseIpv4Range('192.168.0.0/24').cidr).to.equal('192.168.0.0/24');
    expect(parseIpv4Range('203.0.113.7').cidr).to.equal('203.0.113.7/32');
    expect(parseIpv4Range('0.0.0.0/0').prefix).to.equal(0);
  });

  it('refuses IPv6 with a message that says CloudFront has no IPv6 conditions', () => {
    expect(() => parseIpv4Range('2001:db8::/32')).to.throw(/IPv6.*only support IPv4/).with.property('code', 'ERR_ACCEL_INVALID_INPUT');
  });

  it('SECURITY: refuses malformed CIDRs and JSON injection', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0/8', '256.1.1.1', '01.2.3.4', '1.2.3.4/', '/8', '1.2.3.4/8/9', ' 1.2.3.4', '1.2.3.4/08',
      '192.168.0.0/24","IpAddress":{"AWS:SourceIp":"0.0.0.0/0', '']) {
      expect(() => parseIpv4Range(bad), bad).to.throw(/IPv4 address or CIDR/);
    }
  });

  it('matches addresses by prefix, including IPv4-mapped IPv6 clients', () => {
    const range = parseIpv4Range('10.1.0.0/16');
    expect(ipv4RangeContains(range, '10.1.255.3')).to.equal(true);
    expect(ipv4RangeContains(range, '::ffff:10.1.0.1')).to.equal(true);
    expect(ipv4RangeContains(range, '10.2.0.1')).to.equal(false);
    expect(ipv4RangeContains(range, '2001:db8::1')).to.equal(false);
    expect(ipv4RangeContains(parseIpv4Range('0.0.0.0/0'), '255.255.255.255')).to.equal(true);
  });

  it('every address is inside its own /n range for every n', () => {
    fc.assert(fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
      expect(ipv4RangeContains(parseIpv4Range(`${address}/${prefix}`), address)).to.equal(true);
    }));
  });
});
