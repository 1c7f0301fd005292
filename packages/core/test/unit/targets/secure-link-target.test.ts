import { expect } from 'chai';
import fc from 'fast-check';
import type { TargetSignResult } from '../../../src/contract/target.js';
import { createAccel } from '../../../src/engine/create-accel.js';
import { createSecureLinkVerifier } from '../../../src/secure-link/verify.js';
import { secureLink } from '../../../src/targets/secure-link-target.js';
import { configFailure, decide, headersOf } from './target-helpers.js';

const secret = 'kR4t-9dQ2_vLm7Zp0sYb3Nw8';
const bound = { url: 'https://files.example.com/protected/', secureLinkMd5: '$secure_link_expires$uri$remote_addr $secret', secret };
const plain = { ...bound, secureLinkMd5: '$secure_link_expires$uri $secret' };
const NOW = Date.now();
const input = { key: 'books/moby dick.pdf', query: '', expiresAt: Math.floor(NOW / 1000) + 3600, method: 'GET' as const, nowMs: NOW };

const hashBytes = (url: string) => Buffer.from(/[?&]md5=([^&]*)/.exec(url)?.[1] ?? '', 'base64url');

describe('secureLink()', () => {
  it('makes links Nginx accepts (as the verifier decides it) until they expire: 410 after', () => {
    const target = secureLink(plain);
    expect(target).to.include({ kind: 'secure-link', mode: 'redirect', origin: 'https://files.example.com', ip: 'none' });
    const { url } = target.sign({ ...input, query: 'v=1' }) as TargetSignResult;
    expect(url).to.match(/^https:\/\/files\.example\.com\/protected\/books\/moby%20dick\.pdf\?v=1&md5=[\w-]{22}&expires=\d+$/);
    const verifier = createSecureLinkVerifier(plain);
    expect(verifier.verify(url, { now: () => NOW })).to.deep.equal({ ok: true, expires: input.expiresAt });
    expect(verifier.verify(url, { now: () => (input.expiresAt + 1) * 1000 })).to.include({ ok: false, status: 410 });
  });

  it('property: any change of one character of the path, hash or expiry fails with 403 (or 400 for a broken path)', () => {
    const target = secureLink(plain);
    const verifier = createSecureLinkVerifier(plain);
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !key.split('/').some((s) => s === '.' || s === '..' || s === '')), fc.nat(), (key, pick) => {
      const { url } = target.sign({ ...input, key }) as TargetSignResult;
      expect(verifier.verify(url, { now: () => NOW }).ok, url).to.equal(true);
      const start = 'https://files.example.com'.length;
      const at = start + (pick % (url.length - start));
      const tampered = url.slice(0, at) + (url[at] === '1' ? '2' : '1') + url.slice(at + 1);
      // The hash's last character carries two unused bits, which Nginx's base64url decoding ignores too.
      const sameHash = hashBytes(tampered).equals(hashBytes(url)) && tampered.replace(/md5=[^&]*/, '') === url.replace(/md5=[^&]*/, '');
      if (tampered !== url && !sameHash) expect(verifier.verify(tampered, { now: () => NOW }).ok, tampered).to.equal(false);
    }), { numRuns: 200 });
  });

  it("an expression with $remote_addr makes the location ip: 'client': bound to the client's IPv4, 403 for IPv6", async () => {
    const target = secureLink(bound);
    expect(target).to.include({ ip: 'client', ipv6: 'refuse' });
    const accel = createAccel({ locations: { '/p/': target } });
    expect(accel.needsClientIp).to.equal(true);
    const { location } = headersOf(await decide(accel, '/p/a.pdf', { clientIp: '::ffff:203.0.113.7' }));
    const verifier = createSecureLinkVerifier(bound);
    expect(verifier.verify(location, { remoteAddr: '203.0.113.7', now: () => NOW }).ok).to.equal(true);
    expect(verifier.verify(location, { remoteAddr: '203.0.113.8', now: () => NOW })).to.include({ ok: false, status: 403 });
    await decide(accel, '/p/a.pdf', { clientIp: '2001:db8::1' }).then(() => expect.fail('signed'), (error) => expect(error).to.include({ status: 403 }));
  });

  it("refuses the link's own parameter names in the app query (a 404 through the engine)", async () => {
    const accel = createAccel({ locations: { '/p/': secureLink(plain) } });
    await decide(accel, '/p/a.pdf?MD5=forged').then(() => expect.fail('signed'), (error) => expect(error).to.include({ code: 'ERR_ACCEL_UNSAFE_PATH', status: 404 }));
  });

  it('a mode secure_link lacks is a config error naming the modes it has', () => {
    expect(configFailure(() => secureLink({ ...plain, mode: 'cookies' as never }))).to.include("secureLink.mode: Nginx secure_link has no 'cookies' mode; its modes are 'redirect' and 'stream'");
  });

  it('validates every option at startup, naming the field, never the secret', () => {
    expect(configFailure(() => secureLink({ ...plain, url: 'files.example.com' }))).to.include('secureLink.url:');
    const unknown = configFailure(() => secureLink({ ...plain, secureLinkMd5: '$secure_link_expires$uri$http_host $secret' }));
    expect(unknown).to.include('secureLink.secureLinkMd5').and.include('unknown variable "$http_host"');
    expect(configFailure(() => secureLink({ ...plain, secret: 'short' }))).to.include('secureLink.secret').and.not.include('short"');
    expect(configFailure(() => secureLink({ ...plain, secureLink: '$arg_md5' }))).to.include('secureLink.secureLink');
    expect(configFailure(() => secureLink({ ...bound, ipv6: 'unbound' as never }))).to.include('secureLink.ipv6').and.include('$remote_addr');
    expect(configFailure(() => secureLink({ ...bound, mode: 'stream' }))).to.include('secureLink.secureLinkMd5').and.include('stream');
    expect(secureLink({ ...plain, mode: 'stream' }).mode).to.equal('stream');
  });
});
