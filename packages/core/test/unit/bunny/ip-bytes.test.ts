import { isIPv4, isIPv6 } from 'node:net';
import { expect } from 'chai';
import fc from 'fast-check';
import { bunnyIpBytes, ipv6Groups } from '../../../src/bunny/ip-bytes.js';

const hex = (address: string) => bunnyIpBytes(address)?.toString('hex');

describe('bunnyIpBytes', () => {
  it('IPv4 is its four bytes', () => {
    expect(hex('1.2.3.4')).to.equal('01020304');
    expect(hex('255.0.10.200')).to.equal('ff000ac8');
  });

  it('IPv6 is sixteen bytes with the interface half (last 64 bits) zeroed', () => {
    expect(hex('2001:0db8:85a3:0000:0000:8a2e:0370:7334')).to.equal('20010db885a300000000000000000000');
    expect(hex('2001:db8:85a3::8a2e:370:7334')).to.equal('20010db885a300000000000000000000');
    expect(hex('2001:db8:1:2:ffff:ffff:ffff:ffff')).to.equal('20010db8000100020000000000000000');
    expect(hex('::1')).to.equal('00000000000000000000000000000000');
    expect(hex('fe80::1%eth0')).to.equal('fe800000000000000000000000000000');
    expect(hex('1:2:3:4::')).to.equal('00010002000300040000000000000000');
    expect(hex('::2:3:4:5:6:7:8')).to.equal('00000002000300040000000000000000');
  });

  it('an IPv4-mapped IPv6 address is its IPv4 address (that is what the edge sees)', () => {
    expect(hex('::ffff:203.0.113.7')).to.equal(hex('203.0.113.7'));
    expect(hex('::FFFF:1.2.3.4')).to.equal('01020304');
    expect(hex('::ffff:cb00:7107')).to.equal(hex('203.0.113.7'));
    expect(hex('0:0:0:0:0:ffff:102:304')).to.equal('01020304');
  });

  it('anything else is not an address', () => {
    for (const bad of ['', 'not-an-ip', '1.2.3', '1.2.3.256', '01.2.3.4', '2001:db8::g', '1:2:3:4:5:6:7:8:9', ' 1.2.3.4']) {
      expect(bunnyIpBytes(bad), bad).to.equal(undefined);
    }
  });

  it('every spelling of one IPv6 address gives the same bytes, and every address of a /64 too', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 4, maxLength: 4 }), (groups, otherHost) => {
      const full = groups.map((group) => group.toString(16).padStart(4, '0')).join(':');
      const compressed = new URL(`http://[${full}]/`).hostname.slice(1, -1);
      const sameNetwork = [...groups.slice(0, 4), ...otherHost].map((group) => group.toString(16)).join(':');
      const expected = `${full.replaceAll(':', '').slice(0, 16)}${'0'.repeat(16)}`;
      expect(hex(full)).to.equal(expected);
      expect(hex(compressed)).to.equal(expected);
      expect(hex(sameNetwork)).to.equal(expected);
    }));
  });

  it('accepts exactly what net.isIPv4 / net.isIPv6 accept, with the groups the WHATWG URL parser reads', () => {
    const groupsByUrl = (address: string): number[] => {
      const host = new URL(`http://[${address.split('%')[0]!}]/`).hostname.slice(1, -1);
      const [head = '', tail] = host.split('::');
      const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
      return tail === undefined ? parse(head) : [...parse(head), ...new Array<number>(8 - parse(head).length - parse(tail).length).fill(0), ...parse(tail)];
    };
    const ipish = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF::::....%gz'), maxLength: 40 });
    const v4ish = fc.string({ unit: fc.constantFrom(...'0123456789....:f'), maxLength: 18 });
    fc.assert(fc.property(fc.oneof(fc.ipV6(), fc.ipV6().map((address) => `${address}%eth0`), fc.ipV4(), fc.ipV4().map((address) => `::ffff:${address}`), ipish, v4ish), (address) => {
      const bytes = bunnyIpBytes(address);
      expect(bytes !== undefined, address).to.equal(isIPv4(address) || isIPv6(address));
      if (!isIPv6(address)) return;
      const groups = groupsByUrl(address);
      expect(ipv6Groups(address), address).to.deep.equal(groups);
      const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
      expect(bytes!.toString('hex'), address).to.equal(mapped ? Buffer.from([groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255]).toString('hex') : `${groups.slice(0, 4).map((group) => group.toString(16).padStart(4, '0')).join('')}${'0'.repeat(16)}`);
    }), { numRuns: 20_000 });
  });
});
