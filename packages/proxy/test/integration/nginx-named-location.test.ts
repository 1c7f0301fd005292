import { expect } from 'chai';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cloudfront, verifyCloudFrontUrl } from '@cdn-accel/core';
import { rsaKeys } from '@cdn-accel/contract-tests';
import { createAccelBackend, nginxInternalBackendSnippet, type AccelBackend } from '../../src/index.js';
import { requireNginx, startNginx, type RunningNginx } from './support/nginx.js';
import { get, startServer, type TestServer } from './support/servers.js';

/** The app answers `X-Accel-Redirect: <?to=…>` with a file name; its body is never seen. */
function appHandler(req: IncomingMessage, res: ServerResponse): void {
  const to = new URL(req.url ?? '/', 'http://app').searchParams.get('to') ?? '@files';
  res.writeHead(200, { 'X-Accel-Redirect': to, 'Content-Disposition': 'attachment; filename="a.pdf"', 'Content-Type': 'text/html' });
  res.end('the app body');
}

describe('cdn-accel serve behind a real Nginx: @name locations', function () {
  this.timeout(30_000);
  const { privateKey, publicKey } = rsaKeys();
  let app: TestServer;
  let backend: AccelBackend;
  let nginx: RunningNginx;

  before(async function () {
    if (!requireNginx('the Nginx named-location tests')) this.skip();
    app = await startServer(appHandler);
    backend = createAccelBackend({
      locations: {
        '/protected/': cloudfront({ url: 'https://d1.cloudfront.net/protected/', keyPairId: 'K1', privateKey }),
        '@files': cloudfront({ url: 'https://d1.cloudfront.net/files/', keyPairId: 'K1', privateKey, carryHeaders: { contentDisposition: true } }),
      },
      cache: false,
    });
    const { port } = await backend.listen();
    const listen = `127.0.0.1:${port}`;
    nginx = await startNginx([`    location / { proxy_pass ${app.url}; }`, nginxInternalBackendSnippet('/protected/', listen), nginxInternalBackendSnippet('@files', listen)].join('\n'));
  });

  after(async () => {
    await nginx?.stop();
    await backend?.close();
    await app?.close();
  });

  // SECURITY: the original query is the client's: it is never signed into the URL (see migrating-from-nginx.md).
  it('signs the object the client’s original request path names, without its query, with the app’s file name', async () => {
    const reply = await get(`${nginx.url}/books/moby%20dick.pdf?v=2&response-content-type=text%2Fhtml&to=%40files`);
    expect(reply.status).to.equal(302, nginx.errorLog());
    const location = new URL(String(reply.headers.location));
    expect(location.pathname).to.equal('/files/books/moby%20dick.pdf');
    expect([...location.searchParams.keys()].filter((name) => ['v', 'to', 'response-content-type'].includes(name))).to.deep.equal([]);
    expect(location.searchParams.get('response-content-disposition')).to.equal('attachment; filename="a.pdf"');
    expect(verifyCloudFrontUrl(location.href, { publicKeys: { K1: publicKey } }).ok).to.equal(true);
  });

  // SECURITY: a client's own X-Accel-App-X-Accel-Redirect reaches cdn-accel through a prefix location's block, which
  // does not set it; it must not turn the internal path into an object of the named location.
  it('ignores a client’s forged name on a request through a prefix location', async () => {
    const reply = await get(`${nginx.url}/download?to=/protected/a.pdf`, { headers: { 'X-Accel-App-X-Accel-Redirect': '@files' } });
    expect(reply.status).to.equal(302, nginx.errorLog());
    expect(new URL(String(reply.headers.location)).pathname).to.equal('/protected/a.pdf');
  });

  it('refuses an unsafe original path with 404', async () => {
    const reply = await get(`${nginx.url}/books/a%5Cb.pdf?to=%40files`);
    expect(reply.status).to.equal(404);
    expect(reply.headers.location).to.equal(undefined);
  });
});
