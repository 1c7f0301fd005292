import { expect } from 'chai';
import fc from 'fast-check';
import { createBunnySigner } from '../../../src/bunny/create-signer.js';
import { RESERVED_NAMES } from '../../../src/bunny/parameters.js';
import type { BunnySignerOptions, VerifyBunnyOptions } from '../../../src/bunny/types.js';
import { verifyBunnyUrl } from '../../../src/bunny/verify.js';
import { parseBunnyUrl } from '../../../src/bunny/verify-parse.js';

const KEY = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const NOW = 1_900_000_000;
const at = (options: Partial<VerifyBunnyOptions> = {}): VerifyBunnyOptions => ({ securityKey: KEY, now: () => NOW * 1000, ...options });
const signer = (options: Partial<BunnySignerOptions> = {}) => createBunnySigner({ securityKey: KEY, baseUrl: 'https://myzone.b-cdn.net/', ...options });

// Keys, parameters and addresses of every shape the signer accepts: Unicode, spaces, reserved characters, IPv4 and IPv6.
const segment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((text) => text !== '.' && text !== '..' && !text.includes('/'));
const key = fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/'));
const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((text) => !RESERVED_NAMES.has(text));
const query = fc.uniqueArray(fc.tuple(name, fc.string({ unit: 'grapheme', maxLength: 6 })), { selector: ([n]) => n, maxLength: 3 })
  .map((pairs) => pairs.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&'));
const ip = fc.option(fc.oneof(fc.ipV4(), fc.ipV6()), { nil: undefined });
const settings = fc.record({
  tokenIn: fc.constantFrom('query' as const, 'directory' as const),
  countries: fc.option(fc.subarray(['CA', 'US', 'DE', 'JP'], { minLength: 1 }), { nil: undefined }),
  limit: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
});
const signed = fc.record({ settings, key, query, ip, folder: fc.boolean(), lifetime: fc.integer({ min: 0, max: 86_400 }) }).map((c) => {
  const s = signer(c.settings);
  const tokenPath = c.folder ? s.folderOf(c.key) : undefined;
  const url = s.signUrl({ key: c.key, query: c.query, expiresAt: NOW + c.lifetime, clientIp: c.ip, tokenPath });
  return { ...c, url, country: c.settings.countries?.[0] };
});

/** What the edge reads from a URL, where any path under token_path reads the same (that is what the token grants). */
function meaning(url: string): string {
  const parsed = parseBunnyUrl(url);
  if (typeof parsed === 'string') return parsed;
  const tokenPath = parsed.parameters.get('token_path');
  const path = tokenPath !== undefined && parsed.path.startsWith(tokenPath) ? `under ${tokenPath}` : parsed.path;
  return JSON.stringify([parsed.form, path, parsed.token, parsed.expires, [...parsed.parameters], [...parsed.queryParameters]]);
}

describe('verifyBunnyUrl', () => {
  it('sign → verify round-trips for any key, query, address, form, token_path and restriction', () => {
    fc.assert(fc.property(signed, (c) => {
      const result = verifyBunnyUrl(c.url, at({ clientIp: c.ip, countryCode: c.country }));
      expect(result, `${c.url} ${JSON.stringify(result)}`).to.include({ ok: true, form: c.settings.tokenIn, ipLocked: c.ip !== undefined });
    }), { numRuns: 300 });
  });

  it('any change to the URL that changes what the edge reads fails, wherever it is made', () => {
    const hostEnd = 'https://myzone.b-cdn.net'.length;
    fc.assert(fc.property(signed, fc.nat(), fc.constantFrom(...'AZaz09-_.~%&=/+?,:'), (c, position, replacement) => {
      const index = hostEnd + (position % (c.url.length - hostEnd));
      const tampered = c.url.slice(0, index) + replacement + c.url.slice(index + 1);
      fc.pre(meaning(tampered) !== meaning(c.url));
      expect(verifyBunnyUrl(tampered, at({ clientIp: c.ip, countryCode: c.country })).ok, tampered).to.equal(false);
    }), { numRuns: 1000 });
  });

  it('another key, another address (outside the /64 for IPv6), a later clock or another country fails', () => {
    fc.assert(fc.property(signed, (c) => {
      const options = { clientIp: c.ip, countryCode: c.country };
      expect(verifyBunnyUrl(c.url, at({ ...options, securityKey: `${KEY}x` })).ok).to.equal(false);
      expect(verifyBunnyUrl(c.url, at({ ...options, now: () => (NOW + c.lifetime + 1) * 1000 }))).to.include({ reason: 'expired' });
      if (c.ip !== undefined) {
        const other = c.ip.includes(':') ? 'abcd:ef01:2345:6789::1' : '198.51.100.99';
        fc.pre(other !== c.ip);
        expect(verifyBunnyUrl(c.url, at({ ...options, clientIp: other })).ok).to.equal(false);
        expect(verifyBunnyUrl(c.url, at({ ...options, clientIp: undefined }))).to.include({ reason: 'ip-mismatch' });
      }
      if (c.country !== undefined) expect(verifyBunnyUrl(c.url, at({ ...options, countryCode: 'RU' }))).to.include({ reason: 'country-refused' });
    }), { numRuns: 200 });
  });

  it('an IPv6 lock holds for the whole /64 and nothing outside it', () => {
    const url = signer().signUrl({ key: 'a.mp4', expiresAt: NOW, clientIp: '2001:db8:aa:bb:1:2:3:4' });
    expect(verifyBunnyUrl(url, at({ clientIp: '2001:db8:aa:bb:ffff::9' })).ok).to.equal(true);
    expect(verifyBunnyUrl(url, at({ clientIp: '2001:db8:aa:bc:1:2:3:4' })).ok).to.equal(false);
  });

  it('a token without an IP lock whose digest starts with "1-" is not read as IP-locked', () => {
    const s = signer();
    const urls = Array.from({ length: 20_000 }, (_, index) => s.signUrl({ key: `file-${index}.mp4`, expiresAt: NOW }));
    const lookalike = urls.find((url) => url.includes('?token=HS256-1-'));
    expect(lookalike, 'a digest starting with "1-" among 20,000').to.be.a('string');
    expect(verifyBunnyUrl(lookalike!, at())).to.include({ ok: true, ipLocked: false });
    expect(verifyBunnyUrl(lookalike!, at({ clientIp: '203.0.113.7' })).ok).to.equal(true);
  });

  it('token_path: the token covers every path under it, and nothing beside it', () => {
    const s = signer({ tokenIn: 'directory' });
    const url = s.signUrl({ key: 'videos/42/index.m3u8', expiresAt: NOW, tokenPath: '/videos/42/' });
    expect(verifyBunnyUrl(url.replace('/videos/42/index.m3u8', '/videos/42/seg-7.ts'), at()).ok).to.equal(true);
    expect(verifyBunnyUrl(url.replace('/videos/42/index.m3u8', '/videos/43/seg-7.ts'), at())).to.include({ reason: 'path-mismatch' });
  });

  it('blockedCountries refuses the listed countries only; countries refuses a viewer of unknown country', () => {
    const blocked = signer({ blockedCountries: ['RU', 'CN'] }).signUrl({ key: 'a', expiresAt: NOW });
    expect(verifyBunnyUrl(blocked, at({ countryCode: 'cn' }))).to.include({ reason: 'country-refused' });
    expect(verifyBunnyUrl(blocked, at({ countryCode: 'US' })).ok).to.equal(true);
    expect(verifyBunnyUrl(blocked, at()).ok).to.equal(true);
    expect(verifyBunnyUrl(signer({ countries: ['US'] }).signUrl({ key: 'a', expiresAt: NOW }), at())).to.include({ reason: 'country-refused' });
  });

  it('a token_ignore_params token ignores the query, and refuses restrictions it does not cover', () => {
    const url = signer({ ignoreParams: true }).signUrl({ key: 'a.mp4', query: 'v=3', expiresAt: NOW });
    expect(verifyBunnyUrl(url.replace('v=3', 'v=4&w=1'), at()).ok).to.equal(true);
    expect(verifyBunnyUrl(`${url}&token_countries=US`, at())).to.include({ reason: 'unsigned-restriction' });
    expect(verifyBunnyUrl(`${url}&limit=1`, at())).to.include({ reason: 'unsigned-restriction' });
  });

  it('malformed URLs: no token, a repeated parameter, not an HS256 token', () => {
    const url = signer().signUrl({ key: 'a.mp4', expiresAt: NOW });
    for (const bad of ['https://myzone.b-cdn.net/a.mp4', `${url}&expires=${NOW}`, url.replace('HS256-', 'HS512-'), url.replace(/token=HS256-[^&]+/, 'token=HS256-short'), 'not a url']) {
      expect(verifyBunnyUrl(bad, at()), bad).to.include({ ok: false, reason: 'malformed' });
    }
  });
});
