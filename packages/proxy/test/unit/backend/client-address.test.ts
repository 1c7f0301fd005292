import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import { internalClientAddress } from '../../../src/backend/client-address.js';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;
}

describe('internalClientAddress', () => {
  it('untrusted, is the TCP peer whatever the headers say', () => {
    expect(internalClientAddress(request({ 'x-real-ip': '203.0.113.7', 'x-forwarded-for': '198.51.100.1' }), false)).to.equal('127.0.0.1');
  });

  it('trusted, is X-Real-IP (IPv4 or IPv6), not X-Forwarded-For', () => {
    expect(internalClientAddress(request({ 'x-real-ip': '203.0.113.7', 'x-forwarded-for': '198.51.100.1, 203.0.113.7' }), true)).to.equal('203.0.113.7');
    expect(internalClientAddress(request({ 'x-real-ip': ' 2001:db8::7 ' }), true)).to.equal('2001:db8::7');
  });

  it('SECURITY: trusted, refuses a missing, listed or malformed X-Real-IP instead of binding to the peer or to nothing', () => {
    const cases: Array<Record<string, string>> = [{}, { 'x-forwarded-for': '203.0.113.7' }, { 'x-real-ip': '203.0.113.7, 198.51.100.1' }, { 'x-real-ip': 'unix:' }];
    for (const headers of cases) {
      expect(() => internalClientAddress(request(headers), true), JSON.stringify(headers))
        .to.throw(/X-Real-IP.*proxy_set_header X-Real-IP \$remote_addr;/)
        .with.property('code', 'ERR_ACCEL_CONFIG');
    }
  });
});
