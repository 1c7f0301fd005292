import { expect } from 'chai';
import fc from 'fast-check';
import type { IncomingMessage } from 'node:http';
import { isInternalHeader, sanitizeClientRequest } from '../../../src/server/client-headers.js';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers: { ...headers } } as unknown as IncomingMessage;
}

describe('client request headers', () => {
  it('recognises every internal header family, in any case', () => {
    for (const name of ['X-Accel-Redirect', 'x-accel-mapping', 'X-ACCEL-LIMIT-RATE', 'X-Sendfile', 'x-sendfile-type', 'X-Lighttpd-Send-File']) {
      expect(isInternalHeader(name), name).to.equal(true);
    }
    for (const name of ['X-Accelerated', 'x-send', 'accept', 'x-forwarded-for', 'X-Accel', '']) expect(isInternalHeader(name), name).to.equal(false);
  });

  it('matches a plain lower-case prefix test for any name (property)', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const lower = name.toLowerCase();
        const expected = lower.startsWith('x-accel-') || lower.startsWith('x-sendfile') || lower.startsWith('x-lighttpd-');
        return isInternalHeader(name) === expected;
      }),
    );
  });

  it('SECURITY: removes X-Sendfile-Type and X-Accel-Mapping sent by a client (Rack CVE-2025-61780)', () => {
    const req = request({ 'x-sendfile-type': 'X-Accel-Redirect', 'x-accel-mapping': '/var/www/=/files/', 'x-accel-redirect': '/protected/x', accept: '*/*' });
    sanitizeClientRequest(req);
    expect(req.headers).to.deep.equal({ accept: '*/*' });
  });

  it('removes the client connection’s hop-by-hop headers and the Expect it already met, but keeps an Upgrade', () => {
    const plain = request({ connection: 'close', 'keep-alive': 'timeout=5', 'proxy-connection': 'keep-alive', expect: '100-continue', host: 'a' });
    sanitizeClientRequest(plain);
    expect(plain.headers).to.deep.equal({ host: 'a' });
    const upgrade = request({ connection: 'Upgrade', upgrade: 'websocket' });
    sanitizeClientRequest(upgrade);
    expect(upgrade.headers).to.deep.equal({ connection: 'Upgrade', upgrade: 'websocket' });
  });
});
