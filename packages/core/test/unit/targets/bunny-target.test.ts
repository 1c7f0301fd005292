import { expect } from 'chai';
import fc from 'fast-check';
import { verifyBunnyUrl } from '../../../src/bunny/verify.js';
import type { TargetSignResult } from '../../../src/contract/target.js';
import { createAccel } from '../../../src/engine/create-accel.js';
import { bunny } from '../../../src/targets/bunny-target.js';
import { configFailure, decide, headersOf } from './target-helpers.js';

const securityKey = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const base = { url: 'https://myzone.b-cdn.net/media/', securityKey };
const NOW = Date.now();
const input = { key: 'show/42/master 1.m3u8', query: '', expiresAt: Math.floor(NOW / 1000) + 3600, method: 'GET' as const, nowMs: NOW };

describe('bunny()', () => {
  it('signs a query token the bunny.net verifier accepts until it expires', () => {
    const target = bunny(base);
    expect(target).to.include({ kind: 'bunny', mode: 'redirect', origin: 'https://myzone.b-cdn.net', methodBound: false, ip: 'none' });
    const { url } = target.sign(input) as TargetSignResult;
    expect(url).to.match(/^https:\/\/myzone\.b-cdn\.net\/media\/show\/42\/master%201\.m3u8\?token=HS256-[\w-]{43}&expires=\d+$/);
    expect(verifyBunnyUrl(url, { securityKey, now: () => NOW })).to.include({ ok: true, form: 'query', expires: input.expiresAt });
    expect(verifyBunnyUrl(url, { securityKey, now: () => (input.expiresAt + 1) * 1000 })).to.include({ ok: false, reason: 'expired' });
  });

  it("directory tokens for the folder: every segment of the stream is covered, another stream's is not", () => {
    const { url } = bunny({ ...base, tokenIn: 'directory', scope: 'folder' }).sign(input) as TargetSignResult;
    expect(url).to.match(/^https:\/\/myzone\.b-cdn\.net\/bcdn_token=HS256-[\w-]{43}&token_path=%2Fmedia%2Fshow%2F42%2F&expires=\d+\/media\/show\/42\/master%201\.m3u8$/);
    // A relative segment URI in the playlist resolves under the token directory, so the player sends the token.
    const segment = new URL('seg-001.ts', url).href;
    expect(verifyBunnyUrl(segment, { securityKey, now: () => NOW })).to.include({ ok: true, form: 'directory' });
    const other = url.replace('/media/show/42/master', '/media/show/43/master');
    expect(verifyBunnyUrl(other, { securityKey, now: () => NOW })).to.include({ ok: false, reason: 'path-mismatch' });
  });

  it('property: any change of one character of a signed URL fails', () => {
    const target = bunny({ ...base, countries: ['DE'], limit: 500 });
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !key.split('/').some((s) => s === '.' || s === '..' || s === '')), fc.nat(), (key, pick) => {
      const { url } = target.sign({ ...input, key }) as TargetSignResult;
      expect(verifyBunnyUrl(url, { securityKey, now: () => NOW, countryCode: 'DE' }).ok, url).to.equal(true);
      const at = 'https://myzone.b-cdn.net'.length + (pick % (url.length - 'https://myzone.b-cdn.net'.length));
      const tampered = url.slice(0, at) + (url[at] === 'a' ? 'b' : 'a') + url.slice(at + 1);
      if (tampered !== url) expect(verifyBunnyUrl(tampered, { securityKey, now: () => NOW, countryCode: 'DE' }).ok, tampered).to.equal(false);
    }), { numRuns: 200 });
  });

  it("ip: 'client' locks the token to the client's IPv4 address; an IPv6 client gets the 403 of ipv6: 'refuse'", async () => {
    const accel = createAccel({ locations: { '/m/': bunny({ ...base, ip: 'client' }) } });
    const { location } = headersOf(await decide(accel, '/m/a.mp4', { clientIp: '203.0.113.7' }));
    expect(location).to.include('token=HS256-1-');
    expect(verifyBunnyUrl(location, { securityKey, now: () => NOW, clientIp: '203.0.113.7' }).ok).to.equal(true);
    expect(verifyBunnyUrl(location, { securityKey, now: () => NOW, clientIp: '198.51.100.1' })).to.include({ ok: false, reason: 'bad-signature' });
    await decide(accel, '/m/a.mp4', { clientIp: '2001:db8::7' }).then(() => expect.fail('signed'), (error) => expect(error).to.include({ status: 403 }));
  });

  it("a mode bunny.net lacks is a config error naming its modes and the HLS way without cookies", () => {
    const message = configFailure(() => bunny({ ...base, mode: 'cookies' as never }));
    expect(message).to.include("bunny.mode: bunny.net has no 'cookies' mode; its modes are 'redirect' and 'stream'").and.include("tokenIn: 'directory'");
  });

  it('validates every option at startup, naming the field, never the key', () => {
    expect(configFailure(() => bunny({ ...base, url: 'ftp://myzone.b-cdn.net/' }))).to.include('bunny.url:');
    expect(configFailure(() => bunny({ ...base, securityKey: `${securityKey}\n` }))).to.include('bunny.securityKey').and.include('line break').and.not.include(securityKey);
    expect(configFailure(() => bunny({ ...base, tokenIn: 'path' as never }))).to.include('bunny.tokenIn');
    expect(configFailure(() => bunny({ ...base, scope: 'all' as never }))).to.include('bunny.scope');
    expect(configFailure(() => bunny({ ...base, countries: ['XX'] }))).to.include('bunny.countries[0]');
    expect(configFailure(() => bunny({ ...base, limit: 0 }))).to.include('bunny.limit');
    expect(configFailure(() => bunny({ ...base, ignoreParams: true, countries: ['DE'] }))).to.include('bunny.ignoreParams');
    expect(configFailure(() => bunny({ ...base, ip: 'client', mode: 'stream' }))).to.include('bunny.ip').and.include('stream');
    expect(configFailure(() => bunny({ ...base, expiresIn: 60, cacheControl: 'max-age=61' }))).to.include('bunny.cacheControl');
  });
});
