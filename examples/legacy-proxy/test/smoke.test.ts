import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sendBytes, type BytesResponse } from '@cdn-accel/contract-tests';
import { verifyCloudFrontUrl } from '@cdn-accel/core';
import { startLegacyExample, type RunningLegacyExample } from '../src/start.js';

/** One request to a full URL, without following redirects; the body as bytes. */
const send = (url: string, headers: Record<string, string> = {}): Promise<BytesResponse> => sendBytes(url, '', { headers });

const signedIn = { Cookie: 'session=let-me-in' };
const book = fileURLToPath(new URL('../media/books/moby dick.pdf', import.meta.url));

describe('examples/legacy-proxy (Python app behind cdn-accel proxy)', function () {
  this.timeout(60_000);
  let running: RunningLegacyExample;

  before(async () => {
    running = await startLegacyExample({ appPort: 0, proxyPort: 0, cdnPort: 0 });
  });
  after(async () => running?.close());

  it('passes the app’s own pages through', async () => {
    const page = await send(`${running.proxyUrl}/`);
    expect(page.status).to.equal(200);
    expect(page.body.toString()).to.contain('behind cdn-accel proxy');
  });

  it('lets the app refuse an anonymous download (403), with no redirect', async () => {
    const refused = await send(`${running.proxyUrl}/download/moby%20dick.pdf`);
    expect(refused.status).to.equal(403);
    expect(refused.headers.location).to.equal(undefined);
  });

  it('redirects an authorized download to a signed URL that the verifier and the CDN accept', async () => {
    const redirect = await send(`${running.proxyUrl}/download/moby%20dick.pdf`, signedIn);
    expect(redirect.status).to.equal(302);
    expect(redirect.headers['x-accel-redirect']).to.equal(undefined);
    const location = String(redirect.headers.location);
    expect(location.startsWith(`${running.cdnUrl}books/moby%20dick.pdf?`)).to.equal(true);
    const publicKey = readFileSync(running.keys.publicKeyFile, 'utf8');
    const verdict = verifyCloudFrontUrl(location, { publicKeys: { [running.keys.keyPairId]: publicKey } });
    expect(verdict.ok, JSON.stringify(verdict)).to.equal(true);
    const object = await send(location);
    expect(object.status).to.equal(200);
    expect(object.body.equals(readFileSync(book))).to.equal(true);
  });

  it('streams the bytes in stream mode with the app’s file name, never showing the CDN URL', async () => {
    const streamed = await send(`${running.proxyUrl}/stream/moby%20dick.pdf`, signedIn);
    expect(streamed.status).to.equal(200);
    expect(streamed.body.equals(readFileSync(book))).to.equal(true);
    expect(streamed.headers['content-disposition']).to.equal('attachment; filename="moby dick.pdf"');
    expect(JSON.stringify(streamed.headers)).not.to.contain(running.cdnUrl);
  });

  it('streams a byte range', async () => {
    const part = await send(`${running.proxyUrl}/stream/moby%20dick.pdf`, { ...signedIn, Range: 'bytes=0-3' });
    expect(part.status).to.equal(206);
    expect(part.body.toString()).to.equal('%PDF');
  });

  it('SECURITY: a client cannot smuggle X-Accel-Redirect to the app', async () => {
    const echo = await send(`${running.proxyUrl}/whoami`, { 'X-Accel-Redirect': '/protected/books/x', 'X-Forwarded-For': '6.6.6.6' });
    expect(echo.body.toString()).to.equal('forwarded-for=127.0.0.1 accel=\n');
  });

  it('writes an access log line per request', async () => {
    expect(running.accessLog().length).to.be.greaterThan(3);
    expect(JSON.parse(running.accessLog()[0] ?? '{}')).to.have.property('outcome');
  });
});
