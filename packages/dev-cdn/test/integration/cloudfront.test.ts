import { expect } from 'chai';
import { getSignedCookies, getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { generateKeyPairSync } from 'node:crypto';
import { DEV_CDN_SERVER_HEADER } from '../../src/index.js';
import { BOOK, KEY_PAIR_ID, cookieHeader, rawRequest, startHarness, targetOf, type Harness } from './harness.js';

const inSeconds = (h: Harness, seconds: number) => new Date(h.clock.now + seconds * 1000).toISOString();

function customPolicy(resource: string, epochSeconds: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Statement: [{ Resource: resource, Condition: { DateLessThan: { 'AWS:EpochTime': epochSeconds }, ...extra } }] });
}

describe('dev-cdn against @aws-sdk/cloudfront-signer', () => {
  let h: Harness;
  let pem: string;
  before(async () => {
    h = await startHarness();
    pem = h.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  });
  after(() => h.close());

  const bookUrl = () => `${h.cdn.url}books/moby%20dick.pdf`;
  const sign = (url: string, seconds = 60) => getSignedUrl({ url, keyPairId: KEY_PAIR_ID, privateKey: pem, dateLessThan: inSeconds(h, seconds) });

  it('serves a canned-policy signed URL, with the development-only Server header', async () => {
    const res = await rawRequest(h.cdn.port, targetOf(sign(bookUrl())));
    expect(res.status).to.equal(200);
    expect(res.body.equals(BOOK)).to.equal(true);
    expect(res.headers['content-type']).to.equal('application/pdf');
    expect(res.headers.server).to.equal(DEV_CDN_SERVER_HEADER);
  });

  it('refuses an expired URL with CloudFront\'s AccessDenied', async () => {
    const url = sign(bookUrl(), 10);
    h.clock.now += 11_000;
    try {
      const res = await rawRequest(h.cdn.port, targetOf(url));
      expect(res.status).to.equal(403);
      expect(res.headers['content-type']).to.equal('application/xml');
      expect(res.body.toString()).to.contain('<Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>');
      expect(res.headers['x-dev-cdn-reason']).to.match(/^expired/);
    } finally {
      h.clock.now -= 11_000;
    }
  });

  it('refuses a request without signature with MissingKey', async () => {
    const res = await rawRequest(h.cdn.port, '/books/moby%20dick.pdf');
    expect(res.status).to.equal(403);
    expect(res.body.toString()).to.contain('<Code>MissingKey</Code><Message>Missing Key-Pair-Id query parameter or cookie value</Message>');
  });

  it('refuses a key that is not in the key group, and a signature made with another key', async () => {
    const unknown = getSignedUrl({ url: bookUrl(), keyPairId: 'KOTHER', privateKey: pem, dateLessThan: inSeconds(h, 60) });
    expect((await rawRequest(h.cdn.port, targetOf(unknown))).body.toString()).to.contain('<Code>InvalidKey</Code><Message>Unknown Key</Message>');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const forged = getSignedUrl({ url: bookUrl(), keyPairId: KEY_PAIR_ID, privateKey: other, dateLessThan: inSeconds(h, 60) });
    const res = await rawRequest(h.cdn.port, targetOf(forged));
    expect(res.status).to.equal(403);
    expect(res.headers['x-dev-cdn-reason']).to.match(/^bad-signature/);
  });

  it('refuses a signed URL moved to another path or with an added query parameter', async () => {
    const signed = new URL(sign(bookUrl()));
    signed.pathname = '/media/videos/42/index.m3u8';
    expect((await rawRequest(h.cdn.port, targetOf(signed.href))).status).to.equal(403);
    const withExtra = `${targetOf(sign(bookUrl()))}&response-content-type=text/html`;
    expect((await rawRequest(h.cdn.port, withExtra)).status).to.equal(403);
  });

  it('honours a signed response-content-disposition', async () => {
    const url = sign(`${bookUrl()}?response-content-disposition=${encodeURIComponent('attachment; filename="Moby Dick.pdf"')}`);
    const res = await rawRequest(h.cdn.port, targetOf(url));
    expect(res.status).to.equal(200);
    expect(res.headers['content-disposition']).to.equal('attachment; filename="Moby Dick.pdf"');
  });

  it('checks a custom policy: wildcard resource, start time and IP range', async () => {
    const epoch = Math.floor(h.clock.now / 1000) + 60;
    const wildcard = getSignedUrl({ url: bookUrl(), keyPairId: KEY_PAIR_ID, privateKey: pem, policy: customPolicy(`${h.cdn.url}books/*`, epoch) });
    expect((await rawRequest(h.cdn.port, targetOf(wildcard))).status).to.equal(200);
    const future = customPolicy(`${h.cdn.url}books/*`, epoch, { DateGreaterThan: { 'AWS:EpochTime': epoch - 10 } });
    const early = await rawRequest(h.cdn.port, targetOf(getSignedUrl({ url: bookUrl(), keyPairId: KEY_PAIR_ID, privateKey: pem, policy: future })));
    expect(early.status).to.equal(403);
    expect(early.headers['x-dev-cdn-reason']).to.match(/^not-yet-valid/);
    const local = customPolicy(`${h.cdn.url}books/*`, epoch, { IpAddress: { 'AWS:SourceIp': '127.0.0.1/32' } });
    expect((await rawRequest(h.cdn.port, targetOf(getSignedUrl({ url: bookUrl(), keyPairId: KEY_PAIR_ID, privateKey: pem, policy: local })))).status).to.equal(200);
    const elsewhere = customPolicy(`${h.cdn.url}books/*`, epoch, { IpAddress: { 'AWS:SourceIp': '203.0.113.0/24' } });
    const far = await rawRequest(h.cdn.port, targetOf(getSignedUrl({ url: bookUrl(), keyPairId: KEY_PAIR_ID, privateKey: pem, policy: elsewhere })));
    expect(far.status).to.equal(403);
    expect(far.headers['x-dev-cdn-reason']).to.match(/^ip-mismatch/);
  });

  it('serves files under a wildcard with signed cookies, and nothing outside it', async () => {
    const epoch = Math.floor(h.clock.now / 1000) + 60;
    const cookies = getSignedCookies({ url: `${h.cdn.url}media/videos/42/*`, keyPairId: KEY_PAIR_ID, privateKey: pem, policy: customPolicy(`${h.cdn.url}media/videos/42/*`, epoch) });
    const headers = { cookie: cookieHeader(cookies as unknown as Record<string, string>) };
    const playlist = await rawRequest(h.cdn.port, '/media/videos/42/index.m3u8', { headers });
    expect(playlist.status).to.equal(200);
    expect(playlist.body.toString()).to.equal('#EXTM3U\n');
    expect((await rawRequest(h.cdn.port, '/books/moby%20dick.pdf', { headers })).status).to.equal(403);
  });

  it('SECURITY: refuses path escapes even under a valid wildcard signature', async () => {
    const epoch = Math.floor(h.clock.now / 1000) + 60;
    const cookies = getSignedCookies({ url: `${h.cdn.url}*`, keyPairId: KEY_PAIR_ID, privateKey: pem, policy: customPolicy(`${h.cdn.url}*`, epoch) });
    const headers = { cookie: cookieHeader(cookies as unknown as Record<string, string>) };
    for (const target of ['/books/../../secret.txt', '/books/%2e%2e/%2e%2e/secret.txt', '/books/..%2f..%2fsecret.txt', '/books%5c..%5c..%5csecret.txt']) {
      const res = await rawRequest(h.cdn.port, target, { headers });
      expect(res.status, target).to.equal(400);
      expect(res.body.toString()).to.not.contain('outside the root');
    }
    const link = await rawRequest(h.cdn.port, '/books/link.txt', { headers });
    expect(link.status).to.equal(400);
    const missing = await rawRequest(h.cdn.port, '/books/none.pdf', { headers });
    expect(missing.status).to.equal(404);
    expect(missing.body.toString()).to.contain('<Code>NoSuchKey</Code>');
  });

  it('accepts only GET and HEAD', async () => {
    const res = await rawRequest(h.cdn.port, targetOf(sign(bookUrl())), { method: 'POST' });
    expect(res.status).to.equal(405);
    expect(res.body.toString()).to.contain('<Code>MethodNotAllowed</Code>');
  });
});
