import { expect } from 'chai';
import fc from 'fast-check';
import { createSecureLinkSigner } from '../../../src/secure-link/create-signer.js';
import { nginxUri } from '../../../src/secure-link/nginx-uri.js';
import type { SecureLinkOptions } from '../../../src/secure-link/types.js';
import { createSecureLinkVerifier } from '../../../src/secure-link/verify.js';

const NOW = 1_900_000_000;
const BASE = 'https://files.example.com/protected/';
const WITH_IP: SecureLinkOptions = { secureLinkMd5: '$secure_link_expires$uri$remote_addr $secret', secret: 'kR4t-9dQ2_vLm7Zp0sYb3Nw8' };
const NO_IP: SecureLinkOptions = { secureLinkMd5: '$secret|$uri|$secure_link_expires', secret: 'a5Hc0-qL8rT1_wE9zX6mU2pJ', secureLink: '$arg_st,$arg_e' };
const at = (remoteAddr?: string, seconds = NOW) => ({ remoteAddr, now: () => seconds * 1000 });

const segment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((text) => text !== '.' && text !== '..' && !text.includes('/'));
const link = fc.record({
  options: fc.constantFrom(WITH_IP, NO_IP),
  key: fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/')),
  query: fc.constantFrom('', 'download=1', 'a=b&c'),
  ip: fc.ipV4(),
  lifetime: fc.integer({ min: 0, max: 86_400 }),
}).map((c) => ({ ...c, url: createSecureLinkSigner({ ...c.options, baseUrl: BASE }).signUrl({ key: c.key, query: c.query, expiresAt: NOW + c.lifetime, clientIp: c.ip }) }));

/**
 * What Nginx reads: `$uri` (the integration suite checks nginxUri against Nginx), the first hash and expiry
 * parameters, the hash as bytes (its decoder ignores a last character's unused bits).
 */
function meaning(url: string, options: SecureLinkOptions): string {
  const [hashName, expiresName] = options === NO_IP ? ['st', 'e'] : ['md5', 'expires'];
  const query = url.slice(url.indexOf('?') + 1).split('&');
  // $arg_<name>: the first parameter of that name, in any case, undecoded.
  const arg = (name: string) => query.find((pair) => pair.split('=')[0]!.toLowerCase() === name)?.slice(name.length + 1) ?? '';
  const hash = arg(hashName);
  const uri = nginxUri(url.slice('https://files.example.com'.length, url.indexOf('?')));
  return JSON.stringify([uri?.toString('hex') ?? 'refused', /^[\w-]*$/.test(hash) ? Buffer.from(hash, 'base64url').toString('hex') : hash, arg(expiresName)]);
}

describe('createSecureLinkVerifier', () => {
  it('sign → verify round-trips for any key, query, address and either expression', () => {
    fc.assert(fc.property(link, (c) => {
      expect(createSecureLinkVerifier(c.options).verify(c.url, at(c.ip)), c.url).to.deep.equal({ ok: true, expires: NOW + c.lifetime });
    }), { numRuns: 300 });
  });

  it('any change to the path, hash or expiry fails (403, or 400 for a path Nginx refuses), wherever it is made', () => {
    const pathStart = 'https://files.example.com'.length;
    fc.assert(fc.property(link, fc.nat(), fc.constantFrom(...'AZaz09-_.~%&=/,+'), (c, position, replacement) => {
      const index = pathStart + (position % (c.url.length - pathStart));
      const tampered = c.url.slice(0, index) + replacement + c.url.slice(index + 1);
      fc.pre(meaning(tampered, c.options) !== meaning(c.url, c.options));
      const result = createSecureLinkVerifier(c.options).verify(tampered, at(c.ip));
      expect(result.ok, tampered).to.equal(false);
      expect(result).to.have.property('status').that.is.oneOf([400, 403]);
    }), { numRuns: 1000 });
  });

  it('another secret or another client address gets 403; after the expiry, 410', () => {
    fc.assert(fc.property(link, (c) => {
      expect(createSecureLinkVerifier({ ...c.options, secret: `${c.options.secret}x` }).verify(c.url, at(c.ip))).to.include({ status: 403, reason: 'bad-signature' });
      if (c.options === WITH_IP) expect(createSecureLinkVerifier(c.options).verify(c.url, at('198.51.100.254' === c.ip ? '198.51.100.253' : '198.51.100.254'))).to.include({ status: 403 });
      expect(createSecureLinkVerifier(c.options).verify(c.url, at(c.ip, NOW + c.lifetime + 1))).to.include({ status: 410, reason: 'expired' });
      expect(createSecureLinkVerifier(c.options).verify(c.url, at(c.ip, NOW + c.lifetime)).ok).to.equal(true);
    }), { numRuns: 200 });
  });

  it("Nginx's parsing: the first parameter of a name in any case, base64url that may end in '=', at most 24 characters", () => {
    const verifier = createSecureLinkVerifier(WITH_IP);
    const url = createSecureLinkSigner({ ...WITH_IP, baseUrl: BASE }).signUrl({ key: 'a.txt', expiresAt: NOW, clientIp: '1.2.3.4' });
    const hash = /md5=([\w-]+)/.exec(url)![1]!;
    expect(verifier.verify(url.replace('md5=', 'MD5='), at('1.2.3.4')).ok).to.equal(true);
    expect(verifier.verify(url.replace(hash, `${hash}==`), at('1.2.3.4')).ok).to.equal(true);
    expect(verifier.verify(url.replace(hash, `${hash}===`), at('1.2.3.4'))).to.include({ status: 403, reason: 'malformed' });
    expect(verifier.verify(url.replace('?', '?md5=AAAAAAAAAAAAAAAAAAAAAA&'), at('1.2.3.4'))).to.include({ status: 403, reason: 'bad-signature' });
    expect(verifier.verify(url.replace(/&expires=\d+/, ''), at('1.2.3.4'))).to.include({ status: 403, reason: 'malformed' });
    expect(verifier.verify(url.replace(/md5=[\w-]+&/, ''), at('1.2.3.4'))).to.include({ status: 403, reason: 'malformed' });
    expect(verifier.verify('https://files.example.com/protected/%zz?md5=x&expires=1', at('1.2.3.4'))).to.include({ status: 400 });
  });
});
