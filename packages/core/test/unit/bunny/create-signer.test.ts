import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { createBunnySigner } from '../../../src/bunny/create-signer.js';
import type { BunnySignerOptions } from '../../../src/bunny/types.js';

const KEY = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const EXPIRES = 2000000000;
const signer = (options: Partial<BunnySignerOptions> = {}) => createBunnySigner({ securityKey: KEY, baseUrl: 'https://myzone.b-cdn.net/media/', ...options });
const digest = (message: string | Buffer) => createHmac('sha256', KEY).update(message).digest('base64url');

function invalidInput(sign: () => unknown): string {
  try {
    sign();
  } catch (error) {
    expect((error as { code: string }).code).to.equal('ERR_ACCEL_INVALID_INPUT');
    return (error as Error).message;
  }
  throw new Error('expected ERR_ACCEL_INVALID_INPUT');
}

describe('createBunnySigner', () => {
  it('signs the path as it goes on the wire: the base path and the key encoded once per segment', () => {
    const url = signer().signUrl({ key: 'books/moby dick+1.pdf', expiresAt: EXPIRES });
    const path = '/media/books/moby%20dick%2B1.pdf';
    expect(url).to.equal(`https://myzone.b-cdn.net${path}?token=HS256-${digest(`${path}${EXPIRES}`)}&expires=${EXPIRES}`);
  });

  it("signs the app's query parameters decoded and sorted among the token's, and puts them on the wire encoded", () => {
    const url = signer({ countries: ['US'], limit: 500 }).signUrl({ key: 'a.mp4', query: 'z=1&b=x+y&a=%C3%A9', expiresAt: EXPIRES });
    const signing = 'a=é&b=x y&limit=500&token_countries=US&z=1';
    expect(url).to.equal(`https://myzone.b-cdn.net/media/a.mp4?token=HS256-${digest(`/media/a.mp4${EXPIRES}${signing}`)}&a=%C3%A9&b=x%20y&limit=500&token_countries=US&z=1&expires=${EXPIRES}`);
  });

  it('directory form: the token and every parameter in the first path segment, the path after it', () => {
    const url = signer({ tokenIn: 'directory' }).signUrl({ key: 'videos/42/index.m3u8', query: 'v=3', expiresAt: EXPIRES, tokenPath: '/media/videos/42/' });
    const signing = 'token_path=/media/videos/42/&v=3';
    expect(url).to.equal(`https://myzone.b-cdn.net/bcdn_token=HS256-${digest(`/media/videos/42/${EXPIRES}${signing}`)}&token_path=%2Fmedia%2Fvideos%2F42%2F&v=3&expires=${EXPIRES}/media/videos/42/index.m3u8`);
  });

  it('one directory token serves every file of the folder (HLS segments without cookies)', () => {
    const s = signer({ tokenIn: 'directory' });
    const tokenPath = s.folderOf('videos/42/index.m3u8');
    expect(tokenPath).to.equal('/media/videos/42/');
    const segment = (url: string) => url.slice(0, url.indexOf('/media/'));
    expect(segment(s.signUrl({ key: 'videos/42/index.m3u8', expiresAt: EXPIRES, tokenPath }))).to.equal(segment(s.signUrl({ key: 'videos/42/seg-001.ts', expiresAt: EXPIRES, tokenPath })));
  });

  it('a path encoded by its caller signs the same URL as the raw key; tokenPath: \'folder\' is its folder', () => {
    const s = signer({ tokenIn: 'directory' });
    const key = 'videos/Révisions 2024/index.m3u8';
    const fromKey = s.signUrl({ key, expiresAt: EXPIRES, tokenPath: s.folderOf(key) });
    expect(s.signUrl({ path: 'videos/R%C3%A9visions%202024/index.m3u8', expiresAt: EXPIRES, tokenPath: 'folder' })).to.equal(fromKey);
    expect(fromKey).to.include('&token_path=%2Fmedia%2Fvideos%2FR%25C3%25A9visions%25202024%2F&');
  });

  it('SECURITY: a pre-encoded path cannot bring a query, a fragment, a space, a backslash or a dot segment', () => {
    for (const path of ['a?b', 'a#b', 'a b', 'a\\b', 'a/../b', './a', 'a/.', 'é']) {
      expect(invalidInput(() => signer().signUrl({ path, expiresAt: EXPIRES })), path).to.match(/^path: expected a percent-encoded URL path/);
    }
  });

  it('ignoreParams: the query is carried but not signed', () => {
    const query = signer({ ignoreParams: true }).signUrl({ key: 'a.mp4', query: 'v=3', expiresAt: EXPIRES });
    expect(query).to.equal(`https://myzone.b-cdn.net/media/a.mp4?token=HS256-${digest(`/media/a.mp4${EXPIRES}token_ignore_params=true`)}&token_ignore_params=true&expires=${EXPIRES}&v=3`);
    const directory = signer({ ignoreParams: true, tokenIn: 'directory' }).signUrl({ key: 'a.mp4', query: 'v=3', expiresAt: EXPIRES });
    expect(directory).to.match(/&token_ignore_params=true&expires=2000000000\/media\/a\.mp4\?v=3$/);
    expect(invalidInput(() => signer({ ignoreParams: true }).signUrl({ key: 'a.mp4', query: 'v=3&limit=1', expiresAt: EXPIRES }))).to.match(/"limit" is a name bunny\.net's token uses/);
  });

  it('an IP lock signs the address bytes after the expiry and marks the token HS256-1-', () => {
    const url = signer({ countries: ['CA'] }).signUrl({ key: 'a.mp4', expiresAt: EXPIRES, clientIp: '::ffff:203.0.113.7' });
    const message = Buffer.concat([Buffer.from(`/media/a.mp4${EXPIRES}`), Buffer.from([203, 0, 113, 7]), Buffer.from('token_countries=CA')]);
    expect(url).to.include(`?token=HS256-1-${digest(message)}&token_countries=CA&`);
    expect(signer().signUrl({ key: 'a.mp4', expiresAt: EXPIRES, clientIp: '' })).to.include('token=HS256-').and.not.include('HS256-1-');
  });

  describe('refuses what it cannot sign, naming what is wrong', () => {
    it('a query parameter named like a token parameter, a repeated one, or bad percent-encoding', () => {
      expect(invalidInput(() => signer().signUrl({ key: 'a', query: 'token_countries=RU', expiresAt: EXPIRES }))).to.match(/"token_countries" is a name bunny\.net's token uses/);
      expect(invalidInput(() => signer().signUrl({ key: 'a', query: 'expires=1', expiresAt: EXPIRES }))).to.match(/"expires" is a name/);
      expect(invalidInput(() => signer().signUrl({ key: 'a', query: 'a=1&a=2', expiresAt: EXPIRES }))).to.match(/"a" is given more than once/);
      expect(invalidInput(() => signer().signUrl({ key: 'a', query: 'a=%E0%A4%A', expiresAt: EXPIRES }))).to.match(/not valid percent-encoding/);
    });

    it('a token_path that is not a prefix of the path', () => {
      expect(invalidInput(() => signer().signUrl({ key: 'a/b.ts', tokenPath: '/media/c/', expiresAt: EXPIRES }))).to.match(/tokenPath: must be a prefix of the URL path/);
      expect(invalidInput(() => signer().signUrl({ key: 'a/b.ts', tokenPath: 'media/', expiresAt: EXPIRES }))).to.match(/tokenPath/);
    });

    it('an address that is not one, an expiry that is not whole epoch seconds, a dot segment', () => {
      expect(invalidInput(() => signer().signUrl({ key: 'a', clientIp: 'localhost', expiresAt: EXPIRES }))).to.match(/clientIp: not an IPv4 or IPv6 address/);
      for (const expiresAt of [0, 1.5, Number.NaN, -5]) {
        expect(invalidInput(() => signer().signUrl({ key: 'a', expiresAt }))).to.match(/^expiresAt: expected whole seconds since the epoch/);
      }
      expect(invalidInput(() => signer().signUrl({ key: 'a/../b', expiresAt: EXPIRES }))).to.match(/"\." or "\.\." segment/);
    });
  });
});
