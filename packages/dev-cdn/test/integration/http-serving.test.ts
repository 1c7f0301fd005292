import { expect } from 'chai';
import { getSignedCookies } from '@aws-sdk/cloudfront-signer';
import { BOOK, KEY_PAIR_ID, cookieHeader, rawRequest, startHarness, type Harness } from './harness.js';

describe('dev-cdn HTTP serving (Range, HEAD, validators)', () => {
  let h: Harness;
  let cookie: string;
  const get = (headers: Record<string, string> = {}, method = 'GET') => rawRequest(h.cdn.port, '/books/moby%20dick.pdf', { method, headers: { cookie, ...headers } });

  before(async () => {
    h = await startHarness();
    const pem = h.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const policy = JSON.stringify({ Statement: [{ Resource: `${h.cdn.url}*`, Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(h.clock.now / 1000) + 600 } } }] });
    cookie = cookieHeader(getSignedCookies({ url: `${h.cdn.url}*`, keyPairId: KEY_PAIR_ID, privateKey: pem, policy }) as unknown as Record<string, string>);
  });
  after(() => h.close());

  it('sends validators and Accept-Ranges with the whole file', async () => {
    const res = await get();
    expect(res.status).to.equal(200);
    expect(res.headers['accept-ranges']).to.equal('bytes');
    expect(res.headers['content-length']).to.equal(String(BOOK.length));
    expect(res.headers.etag).to.match(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(Date.parse(String(res.headers['last-modified']))).to.be.a('number').and.not.NaN;
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await get({}, 'HEAD');
    expect(res.status).to.equal(200);
    expect(res.headers['content-length']).to.equal(String(BOOK.length));
    expect(res.body.length).to.equal(0);
  });

  it('answers a single range with 206 and the exact bytes', async () => {
    const res = await get({ range: 'bytes=10-19' });
    expect(res.status).to.equal(206);
    expect(res.headers['content-range']).to.equal(`bytes 10-19/${BOOK.length}`);
    expect(res.body.equals(BOOK.subarray(10, 20))).to.equal(true);
    const suffix = await get({ range: 'bytes=-5' });
    expect(suffix.body.equals(BOOK.subarray(-5))).to.equal(true);
  });

  it('answers several ranges with multipart/byteranges', async () => {
    const res = await get({ range: 'bytes=0-3,500-503' });
    expect(res.status).to.equal(206);
    const boundary = /boundary=(\S+)/.exec(String(res.headers['content-type']))?.[1];
    expect(boundary).to.be.a('string');
    expect(res.headers['content-length']).to.equal(String(res.body.length));
    const body = res.body.toString('latin1');
    const parts = body.split(`--${boundary}`).slice(1, -1);
    expect(parts).to.have.length(2);
    expect(parts[0]).to.contain(`Content-Range: bytes 0-3/${BOOK.length}`).and.contain('Content-Type: application/pdf');
    expect(Buffer.from(parts[1]!.split('\r\n\r\n')[1]!.replace(/\r\n$/, ''), 'latin1').equals(BOOK.subarray(500, 504))).to.equal(true);
    expect(body.endsWith(`--${boundary}--\r\n`)).to.equal(true);
  });

  it('answers an unsatisfiable range with 416 and the size', async () => {
    const res = await get({ range: 'bytes=5000-6000' });
    expect(res.status).to.equal(416);
    expect(res.headers['content-range']).to.equal(`bytes */${BOOK.length}`);
  });

  it('answers 304 to If-None-Match and If-Modified-Since, 412 to a failed If-Match', async () => {
    const first = await get();
    expect((await get({ 'if-none-match': String(first.headers.etag) })).status).to.equal(304);
    expect((await get({ 'if-modified-since': String(first.headers['last-modified']) })).status).to.equal(304);
    expect((await get({ 'if-match': '"nope"' })).status).to.equal(412);
  });

  it('ignores Range when If-Range names another version', async () => {
    const res = await get({ range: 'bytes=0-1', 'if-range': '"old"' });
    expect(res.status).to.equal(200);
    expect(res.body.length).to.equal(BOOK.length);
  });
});
