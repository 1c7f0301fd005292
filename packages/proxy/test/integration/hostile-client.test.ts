import { expect } from 'chai';
import { createAccelProxy, type AccelProxy } from '../../src/index.js';
import { fakeAccel } from './support/fake-accel.js';
import { rawExchange } from './support/raw-exchange.js';
import { startServer, type TestServer } from './support/servers.js';

describe('createAccelProxy: what a client sends that the app must not get', () => {
  let app: TestServer;
  let proxy: AccelProxy;
  let port: number;

  beforeEach(async () => {
    app = await startServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('app'));
    });
    proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example'), upstream: app.url });
    port = (await proxy.listen()).port;
  });

  afterEach(async () => {
    await proxy.close();
    await app.close();
  });

  // SECURITY: request smuggling: two framings of one body must not reach the app as two requests.
  const smuggled: Record<string, string> = {
    'Content-Length with Transfer-Encoding': 'POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n',
    'two different Content-Length headers': 'POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcdGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n',
    'an obfuscated Transfer-Encoding': 'POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: xchunked\r\n\r\nabcdGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n',
  };

  for (const [kind, request] of Object.entries(smuggled)) {
    it(`SECURITY: answers 400 to ${kind} and forwards nothing`, async () => {
      const { text } = await rawExchange(port, request);
      expect(text).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(text).not.to.include('app');
      expect(app.requests.map((req) => req.url)).not.to.include('/smuggled');
      expect(app.requests).to.have.length(0);
    });
  }

  it('SECURITY: removes every X-Accel-*, X-Sendfile* and X-Lighttpd-* header the client sends, in any case', async () => {
    await rawExchange(port, 'GET /a HTTP/1.1\r\nHost: a\r\nX-Accel-Redirect: /protected/x\r\nx-accel-mapping: /var/www/=/files/\r\nX-SENDFILE-TYPE: X-Accel-Redirect\r\nX-Sendfile: /etc/passwd\r\nX-Lighttpd-Send-File: /etc/passwd\r\nX-Kept: yes\r\nConnection: close\r\n\r\n');
    const headers = app.requests[0]?.headers ?? {};
    expect(Object.keys(headers).filter((name) => /^(x-accel-|x-sendfile|x-lighttpd-)/.test(name))).to.deep.equal([]);
    expect(headers['x-kept']).to.equal('yes');
  });
});
