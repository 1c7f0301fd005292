import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import { sanitizeClientRequest } from '../../../src/server/client-headers.js';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers: { ...headers } } as unknown as IncomingMessage;
}

describe('client request headers', () => {
  it('SECURITY: removes X-Sendfile-Type and X-Accel-Mapping sent by a client (Rack CVE-2025-61780)', () => {
    const req = request({ 'x-sendfile-type': 'X-Accel-Redirect', 'x-accel-mapping': '/var/www/=/files/', 'x-accel-redirect': '/protected/x', accept: '*/*' });
    sanitizeClientRequest(req);
    expect(req.headers).to.deep.equal({ accept: '*/*' });
  });

  it('removes the client connection’s hop-by-hop headers, TE and the Expect it already met, but keeps an Upgrade', () => {
    const plain = request({ connection: 'close', 'keep-alive': 'timeout=5', 'proxy-connection': 'keep-alive', expect: '100-continue', te: 'trailers', host: 'a' });
    sanitizeClientRequest(plain);
    expect(plain.headers).to.deep.equal({ host: 'a' });
    const upgrade = request({ connection: 'Upgrade', upgrade: 'websocket' });
    sanitizeClientRequest(upgrade);
    expect(upgrade.headers).to.deep.equal({ connection: 'upgrade', upgrade: 'websocket' });
  });

  it('SECURITY: removes the headers the client names in Connection (RFC 9110 §7.6.1)', () => {
    const req = request({ connection: 'close, X-Foo,  x-bar', 'x-foo': '1', 'x-bar': '2', 'x-kept': '3', host: 'a' });
    sanitizeClientRequest(req);
    expect(req.headers).to.deep.equal({ 'x-kept': '3', host: 'a' });
    const upgrade = request({ connection: 'keep-alive, Upgrade, X-Secret', upgrade: 'websocket', 'x-secret': 's', host: 'a' });
    sanitizeClientRequest(upgrade);
    expect(upgrade.headers).to.deep.equal({ connection: 'upgrade', upgrade: 'websocket', host: 'a' });
  });

  it('SECURITY: never lets Connection remove the headers that frame or address the request', () => {
    const req = request({ connection: 'host, content-length, transfer-encoding, cookie', host: 'a', 'content-length': '3', 'transfer-encoding': 'chunked', cookie: 'c=1' });
    sanitizeClientRequest(req);
    expect(req.headers).to.deep.equal({ host: 'a', 'content-length': '3', 'transfer-encoding': 'chunked' });
  });
});
