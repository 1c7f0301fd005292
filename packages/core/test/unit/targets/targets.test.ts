import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { fromAwsBase64 } from '../../../src/cloudfront/aws-base64.js';
import { verifyCloudFrontUrl } from '../../../src/cloudfront/verify.js';
import { verifyS3PresignedUrl } from '../../../src/s3/verify.js';
import { cloudfront } from '../../../src/targets/cloudfront-target.js';
import { s3 } from '../../../src/targets/s3-target.js';
import { isAccelTarget } from '../../../src/contract/target-brand.js';
import { createAccel } from '../../../src/engine/create-accel.js';
import type { RedirectDecision } from '../../../src/contract/decision.js';
import type { TargetSignResult } from '../../../src/contract/target.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const base = { url: 'https://d111.cloudfront.net/media', keyPairId: 'KTEST', privateKey };
const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
const NOW = Date.now();
const input = { key: 'books/moby dick.pdf', query: '', expiresAt: Math.floor(NOW / 1000) + 3600, method: 'GET' as const, nowMs: NOW };

function configFailure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as { code: string }).code).to.equal('ERR_ACCEL_CONFIG');
    return (error as Error).message;
  }
  throw new Error('no config error');
}

describe('cloudfront()', () => {
  it('signs the base URL plus the encoded key, verifiable with the public key', () => {
    const target = cloudfront(base);
    expect(isAccelTarget(target)).to.equal(true);
    expect(target.origin).to.equal('https://d111.cloudfront.net');
    const { url } = target.sign(input) as TargetSignResult;
    expect(url.startsWith('https://d111.cloudfront.net/media/books/moby%20dick.pdf?Expires=')).to.equal(true);
    expect(verifyCloudFrontUrl(url, { now: () => NOW, publicKeys: { KTEST: publicKey } }).ok).to.equal(true);
  });

  it('adds response-* parameters (signed) when carryHeaders is on', () => {
    const target = cloudfront({ ...base, carryHeaders: { contentDisposition: true } });
    const { url } = target.sign({ ...input, query: 'v=1', overrides: { contentDisposition: 'attachment; filename="a b.pdf"' } }) as TargetSignResult;
    expect(url).to.include('?v=1&response-content-disposition=attachment%3B%20filename%3D%22a%20b.pdf%22&Expires=');
    expect(verifyCloudFrontUrl(url, { now: () => NOW, publicKeys: { KTEST: publicKey } }).ok).to.equal(true);
  });

  it('carries Content-Disposition by default, so the file name survives as behind Nginx; false carries nothing', async () => {
    expect(cloudfront(base).carry).to.deep.equal({ contentDisposition: true, cacheControl: false, contentType: false });
    expect(cloudfront({ ...base, carryHeaders: false }).carry).to.deep.equal({ contentDisposition: false, cacheControl: false, contentType: false });
    // Cookie mode's unsigned URL is shared by players and the edge cache: nothing unless named.
    expect(cloudfront({ ...base, mode: 'cookies' }).carry).to.deep.equal({ contentDisposition: false, cacheControl: false, contentType: false });
    const app: Record<string, string> = { 'x-accel-redirect': '/p/a.pdf', 'content-disposition': 'attachment; filename="a.pdf"', 'cache-control': 'private', 'content-type': 'text/plain' };
    const response = { getHeader: (name: string) => app[name.toLowerCase()] };
    const signed = async (carryHeaders?: boolean) => {
      const accel = createAccel({ locations: { '/p/': cloudfront({ ...base, ...(carryHeaders === undefined ? {} : { carryHeaders }) }) }, batchSignatures: false });
      const decision = (await accel.decide({ method: 'GET' }, response)) as RedirectDecision;
      return new URL((decision.headers.find(([name]) => name === 'Location') ?? ['', ''])[1]);
    };
    const byDefault = (await signed()).searchParams;
    expect(byDefault.get('response-content-disposition')).to.equal('attachment; filename="a.pdf"');
    expect(byDefault.has('response-cache-control')).to.equal(false);
    expect(byDefault.has('response-content-type')).to.equal(false);
    expect((await signed(false)).search).not.to.include('response-');
  });

  it('carryHeaders: true carries Content-Disposition and Cache-Control, never Content-Type unless named', () => {
    expect(cloudfront({ ...base, carryHeaders: true }).carry).to.deep.equal({ contentDisposition: true, cacheControl: true, contentType: false });
    expect(s3({ bucket: 'acme-b', region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'S' }, carryHeaders: true }).carry).to.deep.equal({ contentDisposition: true, cacheControl: true, contentType: false });
    expect(cloudfront({ ...base, carryHeaders: { contentType: true } }).carry).to.deep.equal({ contentDisposition: true, cacheControl: false, contentType: true });
  });

  it('binds to an IPv4 address with a custom policy', () => {
    const { url } = cloudfront({ ...base, ip: 'client' }).sign({ ...input, clientIp: '203.0.113.7' }) as TargetSignResult;
    expect(verifyCloudFrontUrl(url, { now: () => NOW, publicKeys: { KTEST: publicKey }, clientIp: '203.0.113.7' }).ok).to.equal(true);
    expect(verifyCloudFrontUrl(url, { now: () => NOW, publicKeys: { KTEST: publicKey }, clientIp: '203.0.113.8' }).ok).to.equal(false);
  });

  it("ip: 'client' refuses clients without IPv4 by default (ipv6: 'refuse'); 'unbound' signs them without IP condition", async () => {
    expect(cloudfront({ ...base, ip: 'client' }).ipv6).to.equal('refuse');
    const accel = createAccel({ locations: { '/bound/': cloudfront({ ...base, ip: 'client' }), '/open/': cloudfront({ ...base, ip: 'client', ipv6: 'unbound' }) } });
    const ipv6 = { method: 'GET', clientIp: '2001:db8::7' };
    const redirectTo = (path: string) => ({ getHeader: (name: string) => (name === 'x-accel-redirect' ? path : undefined) });
    expect(() => accel.decide(ipv6, redirectTo('/bound/a.pdf'))).to.throw().with.property('status', 403);
    const open = (await accel.decide(ipv6, redirectTo('/open/a.pdf'))) as RedirectDecision;
    const url = open.headers.find(([name]) => name === 'Location')![1];
    expect(url).to.include('Expires=').and.not.include('Policy=');
    expect(configFailure(() => cloudfront({ ...base, ip: 'client', ipv6: 'allow' as 'refuse' }))).to.include('cloudfront.ipv6');
  });

  it('cookie mode: cookies for the folder (or a configured resource), an unsigned URL', () => {
    const folder = cloudfront({ ...base, mode: 'cookies', cookie: { domain: '.example.com' } }).sign(input) as TargetSignResult;
    expect(folder.url).to.equal('https://d111.cloudfront.net/media/books/moby%20dick.pdf');
    expect(folder.setCookie!.every((line) => line.endsWith('; Domain=.example.com; Path=/; Secure; HttpOnly; SameSite=Lax'))).to.equal(true);
    const policy = folder.setCookie!.find((line) => line.startsWith('CloudFront-Policy='))!.split(';')[0]!.slice(18);
    const json = fromAwsBase64(policy)!.toString();
    expect(JSON.parse(json).Statement[0].Resource).to.equal('https://d111.cloudfront.net/media/books/*');
    const fixed = cloudfront({ ...base, mode: 'cookies', cookie: { resource: 'https://d111.cloudfront.net/media/*' } }).sign(input) as TargetSignResult;
    expect(fixed.setCookie!.length).to.be.above(2);
  });

  it('signs ahead on the thread pool exactly what it signs on the spot: RSA URLs and cookies byte-identical', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    for (const mode of ['redirect', 'cookies'] as const) {
      const target = cloudfront({ ...base, privateKey: rsa.privateKey, mode, ip: 'client' });
      const bound = { ...input, clientIp: '203.0.113.7' };
      const ahead = target.signAhead!(bound);
      expect(ahead).to.be.an.instanceOf(Promise);
      expect(await ahead).to.deep.equal(target.sign(bound));
    }
    const { url } = await cloudfront(base).signAhead!(input);
    expect(verifyCloudFrontUrl(url, { now: () => NOW, publicKeys: { KTEST: publicKey } }).ok).to.equal(true);
  });

  it('works with an async (KMS-style) signer', async () => {
    const { sign } = await import('node:crypto');
    const target = cloudfront({ url: base.url, keyPairId: 'KTEST', keyType: 'ecdsa', sign: async (data) => sign('sha256', data, privateKey) });
    const result = await target.sign(input);
    expect(verifyCloudFrontUrl(result.url, { now: () => NOW, publicKeys: { KTEST: publicKey } }).ok).to.equal(true);
    // Its signatures never hold the event loop: a refresh goes through sign itself.
    expect(target.signAhead).to.equal(undefined);
  });

  it('validates every option at startup, naming the field', () => {
    expect(configFailure(() => cloudfront({ ...base, url: 'd111.cloudfront.net' }))).to.include('cloudfront.url');
    expect(configFailure(() => cloudfront({ ...base, url: 'https://d111.cloudfront.net/?x=1' }))).to.include('cloudfront.url');
    expect(configFailure(() => cloudfront({ ...base, expiresIn: 0 }))).to.include('cloudfront.expiresIn');
    expect(configFailure(() => cloudfront({ ...base, mode: 'push' as never }))).to.include('cloudfront.mode');
    expect(configFailure(() => cloudfront({ ...base, ip: 'yes' as never }))).to.include('cloudfront.ip');
    expect(configFailure(() => cloudfront({ ...base, carryHeaders: { contentLength: true } as never }))).to.include('cloudfront.carryHeaders');
    expect(configFailure(() => cloudfront({ ...base, expiresIn: 60, cacheControl: 'public, max-age=3600' }))).to.include('outlives the signature');
    expect(configFailure(() => cloudfront({ ...base, expiresIn: 60, cacheControl: 'public, max-age=60, s-maxage=3600' }))).to.include('s-maxage 3600 outlives the signature');
    expect(configFailure(() => cloudfront({ ...base, cacheControl: 'a\r\nb' }))).to.include('cloudfront.cacheControl');
    expect(configFailure(() => cloudfront({ ...base, mode: 'cookies', cookie: { path: 'no slash' } }))).to.include('cloudfront.cookie');
    configFailure(() => cloudfront({ ...base, privateKey: 'not a key' }));
  });

  it('says what type of value it got: a string of digits is not a number', () => {
    expect(configFailure(() => cloudfront({ ...base, expiresIn: '300' as never }))).to.include('cloudfront.expiresIn').and.include('got the string "300"');
    expect(configFailure(() => cloudfront({ ...base, expiresIn: 1.5 }))).to.include('got the number 1.5');
    expect(configFailure(() => cloudfront({ ...base, mode: 5 as never }))).to.include('got the number 5');
    expect(configFailure(() => cloudfront({ ...base, keyPairId: 42 as never }))).to.include('cloudfront.keyPairId').and.include('got the number 42');
    expect(configFailure(() => cloudfront({ ...base, mode: 'cookies', cookie: { sameSite: 'lax' as never } }))).to.include('cloudfront.cookie.sameSite').and.include('got the string "lax"');
  });

  it('names the key option in key errors, with one fix and one period', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    for (const [options, field] of [[{ ...base, privateKey: weak }, 'cloudfront.privateKey: '], [{ url: base.url, keys: [{ keyPairId: 'K1', privateKey }, { keyPairId: 'K2', privateKey: 'not a key' }] }, 'cloudfront.keys[1].privateKey: ']] as const) {
      const message = configFailure(() => cloudfront(options as never));
      expect(message.startsWith(field), message).to.equal(true);
      expect(message).not.to.include('..');
      expect(message.match(/Provide /g)).to.have.length(1);
    }
  });
});

describe('s3()', () => {
  const host = 'acme-reports.s3.eu-west-1.amazonaws.com';

  it('presigns prefix + key, HEAD for HEAD, with response-* overrides', async () => {
    const target = s3({ bucket: 'acme-reports', region: 'eu-west-1', prefix: 'pdf/', credentials });
    await target.ready();
    expect(target.origin).to.equal(`https://${host}`);
    expect(target.carry).to.deep.equal({ contentDisposition: true, cacheControl: true, contentType: false });
    for (const method of ['GET', 'HEAD'] as const) {
      const { url } = target.sign({ ...input, method, overrides: { contentDisposition: 'attachment' } }) as TargetSignResult;
      const parsed = new URL(url);
      expect(parsed.pathname).to.equal('/pdf/books/moby%20dick.pdf');
      expect(parsed.searchParams.get('response-content-disposition')).to.equal('attachment');
      expect(Number(parsed.searchParams.get('X-Amz-Expires'))).to.equal(input.expiresAt - Math.floor(NOW / 1000));
      expect(verifyS3PresignedUrl({ method, url, host, secrets: { AKID: 'secret' }, now: () => NOW }).ok).to.equal(true);
    }
  });

  // SECURITY: `%252e%252e` decodes once to a literal `%2e%2e` segment, which the S3 presigner refuses; the engine
  // turns that refusal into a 404, not an outage.
  it('an encoded dot segment left after the one decoding is a 404, not a 500', async () => {
    const { createAccel } = await import('../../../src/engine/create-accel.js');
    const accel = createAccel({ locations: { '/r/': s3({ bucket: 'acme-reports', region: 'eu-west-1', credentials }) } });
    await accel.ready();
    expect(() => accel.decide({ method: 'GET' }, { getHeader: (name) => (name === 'x-accel-redirect' ? '/r/%252e%252e/x' : undefined) }))
      .to.throw().that.includes({ code: 'ERR_ACCEL_UNSAFE_PATH', status: 404 });
  });

  it('waits for credentials instead of failing before they load', async () => {
    const target = s3({ bucket: 'acme-reports', region: 'eu-west-1', credentials: () => new Promise((resolve) => setTimeout(() => resolve(credentials), 20)) });
    const result = target.sign(input);
    expect(result).to.have.property('then');
    expect((await result).url).to.include('X-Amz-Signature=');
  });

  it('validates every option at startup', () => {
    expect(configFailure(() => s3({ bucket: 'bad/bucket', region: 'eu-west-1', credentials }))).to.include('s3.bucket');
    expect(configFailure(() => s3({ bucket: 'ok-bucket', region: '', credentials }))).to.include('s3.region');
    expect(configFailure(() => s3({ bucket: 'ok-bucket', region: 'eu-west-1', prefix: '/pdf', credentials }))).to.include('s3.prefix');
    expect(configFailure(() => s3({ bucket: 'ok-bucket', region: 'eu-west-1', prefix: 'a/../', credentials }))).to.include('s3.prefix');
    expect(configFailure(() => s3({ bucket: 'ok-bucket', region: 'eu-west-1', expiresIn: 700_000, credentials }))).to.include('s3.expiresIn');
    expect(configFailure(() => s3({ bucket: 'ok-bucket', region: 'eu-west-1', mode: 'cookies' as never, credentials }))).to.include("s3.mode: S3 has no 'cookies' mode; its modes are 'redirect' and 'stream'");
  });
});
