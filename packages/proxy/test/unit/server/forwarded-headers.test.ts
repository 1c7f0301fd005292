import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import { clientAddress, setForwardedHeaders } from '../../../src/server/forwarded-headers.js';

function request(headers: Record<string, string>, encrypted = false): IncomingMessage {
  return { headers: { ...headers }, socket: { remoteAddress: '198.51.100.7', encrypted } } as unknown as IncomingMessage;
}

describe('setForwardedHeaders', () => {
  it('SECURITY: at the edge, replaces what the client claims', () => {
    const req = request({ host: 'shop.example', 'x-forwarded-for': '10.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' });
    setForwardedHeaders(req, false);
    expect(req.headers).to.include({ 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'shop.example' });
  });

  it('SECURITY: at the edge, sets X-Real-IP from the peer and removes the other client-address claims', () => {
    const req = request({ host: 'a', 'x-real-ip': '10.0.0.1', forwarded: 'for=10.0.0.1;proto=https', 'true-client-ip': '10.0.0.2', 'x-client-ip': '10.0.0.3', 'cf-connecting-ip': '10.0.0.4', 'fastly-client-ip': '10.0.0.5', 'x-cluster-client-ip': '10.0.0.6', accept: '*/*' });
    setForwardedHeaders(req, false);
    expect(req.headers).to.deep.equal({ host: 'a', accept: '*/*', 'x-real-ip': '198.51.100.7', 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'a' });
  });

  it('behind a trusted load balancer, keeps its Forwarded, X-Real-IP and True-Client-IP', () => {
    const headers = { host: 'a', 'x-real-ip': '203.0.113.1', forwarded: 'for=203.0.113.1', 'true-client-ip': '203.0.113.1' };
    const req = request(headers);
    setForwardedHeaders(req, true);
    expect(req.headers).to.include(headers);
  });

  it('says https for a TLS connection', () => {
    const req = request({ host: 'a' }, true);
    setForwardedHeaders(req, false);
    expect(req.headers['x-forwarded-proto']).to.equal('https');
  });

  it('behind a trusted load balancer, appends the peer and keeps its Proto and Host', () => {
    const req = request({ host: 'internal', 'x-forwarded-for': '203.0.113.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example' });
    setForwardedHeaders(req, true);
    expect(req.headers).to.include({ 'x-forwarded-for': '203.0.113.1, 198.51.100.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example' });
  });

  it('SECURITY: takes the client address for ip-bound signatures from the peer at the edge, whatever the client claims', () => {
    expect(clientAddress(request({ 'x-forwarded-for': '10.0.0.1' }), false)).to.equal('198.51.100.7');
  });

  it('behind a trusted load balancer, takes the entry it added (the last one)', () => {
    expect(clientAddress(request({ 'x-forwarded-for': '6.6.6.6, 203.0.113.1' }), true)).to.equal('203.0.113.1');
    expect(clientAddress(request({}), true)).to.equal('198.51.100.7');
  });
});
