import { expect } from 'chai';
import fc from 'fast-check';
import { isAccelTarget } from '../../../src/contract/target-brand.js';
import type { TargetSignResult } from '../../../src/contract/target.js';
import { createAccel } from '../../../src/engine/create-accel.js';
import { createGoogleCdnVerifier } from '../../../src/google-cdn/verify.js';
import { googleCdn } from '../../../src/targets/google-cdn-target.js';
import { configFailure, decide, headersOf } from './target-helpers.js';

const KEY = 'nZtRohdNF9m3cKM24IcK4w==';
const OLD_KEY = 'aGVsbG8td29ybGQtMTIzNA==';
const base = { url: 'https://media.example.com/videos', keyName: 'key-2026', key: KEY };
const NOW = Date.now();
const input = { key: 'show/42/master 1.m3u8', query: '', expiresAt: Math.floor(NOW / 1000) + 3600, method: 'GET' as const, nowMs: NOW };
const verifier = createGoogleCdnVerifier({ keys: [{ keyName: 'key-2026', key: KEY }, { keyName: 'key-2025', key: OLD_KEY }], now: () => NOW });

describe('googleCdn()', () => {
  it('signs the base URL plus the encoded key; the Cloud CDN verifier accepts it until it expires', () => {
    const target = googleCdn(base);
    expect(isAccelTarget(target)).to.equal(true);
    expect(target).to.include({ kind: 'google-cdn', mode: 'redirect', origin: 'https://media.example.com', methodBound: false, ip: 'none' });
    const { url } = target.sign(input) as TargetSignResult;
    expect(url).to.match(/^https:\/\/media\.example\.com\/videos\/show\/42\/master%201\.m3u8\?Expires=\d+&KeyName=key-2026&Signature=[\w-]+=$/);
    expect(verifier.verify({ url })).to.include({ ok: true, form: 'url', keyName: 'key-2026', expires: input.expiresAt });
    expect(createGoogleCdnVerifier({ keyName: 'key-2026', key: KEY, now: () => (input.expiresAt + 1) * 1000 }).verify({ url })).to.include({ ok: false, reason: 'expired' });
  });

  it('keeps the app query before the signing parameters, and refuses one that carries them (a 404 through the engine)', async () => {
    const { url } = googleCdn(base).sign({ ...input, query: 'v=2' }) as TargetSignResult;
    expect(url).to.include('master%201.m3u8?v=2&Expires=');
    expect(verifier.verify({ url }).ok).to.equal(true);
    const accel = createAccel({ locations: { '/v/': googleCdn(base) } });
    for (const forged of ['/v/a.mp4?Expires=9999999999&KeyName=key-2026&Signature=x', '/v/a.mp4?URLPrefix=aHR0cHM6Ly9ldmlsLw==']) {
      await decide(accel, forged).then(() => expect.fail('signed'), (error) => expect(error).to.include({ code: 'ERR_ACCEL_UNSAFE_PATH', status: 404 }));
    }
  });

  it('property: any object key signs to a URL the verifier accepts, and any change of one character fails', () => {
    const target = googleCdn(base);
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }).filter((key) => !key.split('/').some((s) => s === '.' || s === '..' || s === '')), fc.nat(), (key, pick) => {
      const { url } = target.sign({ ...input, key }) as TargetSignResult;
      expect(verifier.verify({ url }).ok, url).to.equal(true);
      const at = pick % url.length;
      const tampered = url.slice(0, at) + (url[at] === 'a' ? 'b' : 'a') + url.slice(at + 1);
      if (tampered !== url) expect(verifier.verify({ url: tampered }).ok, tampered).to.equal(false);
    }), { numRuns: 200 });
  });

  it('rotation: keys + activeKeyName signs with the active key', () => {
    const target = googleCdn({ url: base.url, keys: [{ keyName: 'key-2025', key: OLD_KEY }, { keyName: 'key-2026', key: KEY }], activeKeyName: 'key-2026' });
    const { url } = target.sign(input) as TargetSignResult;
    expect(verifier.verify({ url })).to.include({ ok: true, keyName: 'key-2026' });
    const first = googleCdn({ url: base.url, keys: [{ keyName: 'key-2025', key: OLD_KEY }, { keyName: 'key-2026', key: KEY }] }).sign(input) as TargetSignResult;
    expect(verifier.verify({ url: first.url })).to.include({ ok: true, keyName: 'key-2025' });
  });

  it("cookie mode: a Cloud-CDN-Cookie for the object's folder and a redirect to the unsigned URL", async () => {
    const accel = createAccel({ locations: { '/videos/': googleCdn({ ...base, mode: 'cookies', cookie: { domain: '.example.com' } }) } });
    const { location, setCookie } = headersOf(await decide(accel, '/videos/show/42/master.m3u8'));
    expect(location).to.equal('https://media.example.com/videos/show/42/master.m3u8');
    expect(setCookie).to.have.length(1);
    expect(setCookie[0]).to.match(/^Cloud-CDN-Cookie=URLPrefix=[\w-]+=*:Expires=\d+:KeyName=key-2026:Signature=[\w-]+=; Domain=\.example\.com; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
    const cookie = setCookie[0]!.split(';')[0]!;
    for (const segment of ['show/42/master.m3u8', 'show/42/seg-001.ts']) {
      expect(verifier.verify({ url: `https://media.example.com/videos/${segment}`, cookie })).to.include({ ok: true, form: 'cookie', urlPrefix: 'https://media.example.com/videos/show/42/' });
    }
    expect(verifier.verify({ url: 'https://media.example.com/videos/show/43/master.m3u8', cookie })).to.include({ ok: false, reason: 'out-of-scope' });
    const fixed = googleCdn({ ...base, mode: 'cookies', cookie: { urlPrefix: 'https://media.example.com/videos/' } }).sign(input) as TargetSignResult;
    expect(verifier.verify({ url: 'https://media.example.com/videos/other/x.ts', cookie: fixed.setCookie![0]!.split(';')[0] })).to.include({ ok: true });
  });

  it('validates every option at startup, naming the field', () => {
    expect(configFailure(() => googleCdn({ ...base, url: 'media.example.com/v/' }))).to.include('googleCdn.url');
    expect(configFailure(() => googleCdn({ ...base, url: 'https://Media.example.com/v/' }))).to.include('googleCdn.url').and.include('lower case');
    expect(configFailure(() => googleCdn({ ...base, url: 'https://media.example.com/v/?a=1' }))).to.include('googleCdn.url');
    expect(configFailure(() => googleCdn({ ...base, expiresIn: 0 }))).to.include('googleCdn.expiresIn');
    expect(configFailure(() => googleCdn({ ...base, mode: 'push' as never }))).to.include('googleCdn.mode');
    expect(configFailure(() => googleCdn({ ...base, cacheControl: 'max-age=9999' }))).to.include('googleCdn.cacheControl');
    expect(configFailure(() => googleCdn({ ...base, mode: 'cookies', cookie: { sameSite: 'lax' as never } }))).to.include('googleCdn.cookie.sameSite');
    expect(configFailure(() => googleCdn({ ...base, mode: 'cookies', cookie: { urlPrefix: 'https://media.example.com/v/?x' } }))).to.include('googleCdn.cookie.urlPrefix');
  });

  it('names the key field and the fix for a key of the wrong length or encoding, never the key', () => {
    const short = configFailure(() => googleCdn({ ...base, key: 'c2hvcnQ=' }));
    expect(short).to.include('googleCdn.key:').and.include('16 bytes').and.not.include('c2hvcnQ');
    expect(configFailure(() => googleCdn({ ...base, key: 'nZtRohdNF9m3cKM24IcK4w+/' }))).to.include('googleCdn.key:').and.include('tr +/ -_');
    expect(configFailure(() => googleCdn({ url: base.url, keys: [{ keyName: 'a', key: KEY }, { keyName: 'b', key: 'xx' }] }))).to.include('googleCdn.keys[1].key:');
    expect(configFailure(() => googleCdn({ ...base, keyName: 'Key_1' }))).to.include('googleCdn.keyName:');
    expect(configFailure(() => googleCdn({ url: base.url, keys: [{ keyName: 'a', key: KEY }], activeKeyName: 'b' }))).to.include('googleCdn.activeKeyName:');
  });
});
