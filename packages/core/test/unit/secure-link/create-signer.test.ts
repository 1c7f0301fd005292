import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { createSecureLinkSigner } from '../../../src/secure-link/create-signer.js';
import type { SecureLinkSignerOptions } from '../../../src/secure-link/types.js';

const SECRET = 'kR4t-9dQ2_vLm7Zp0sYb3Nw8';
const options: SecureLinkSignerOptions = { baseUrl: 'https://files.example.com/protected/', secureLinkMd5: '$secure_link_expires$uri$remote_addr $secret', secret: SECRET };
const md5 = (text: string) => createHash('md5').update(text).digest('base64url');

function accelError(run: () => unknown): { code: string; status: number; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; status: number; message: string };
  }
  throw new Error('expected an AccelError');
}

describe('createSecureLinkSigner', () => {
  it("reproduces the Nginx documentation's example link (/s/link, 127.0.0.1, expires 2147483647, secret \"secret\")", () => {
    // ngx_http_secure_link_module docs: "/s/link?md5=_e4Nc3iduzkWRm01TBBNYw&expires=2147483647"
    const signer = createSecureLinkSigner({ baseUrl: 'http://example.com/s/', secureLinkMd5: '$secure_link_expires$uri$remote_addr $secret', secret: 'secret', allowShortSecret: true });
    expect(signer.signUrl({ key: 'link', expiresAt: 2147483647, clientIp: '127.0.0.1' })).to.equal('http://example.com/s/link?md5=_e4Nc3iduzkWRm01TBBNYw&expires=2147483647');
  });

  it('hashes $uri (decoded path) and puts the encoded path on the wire, the app query first', () => {
    const url = createSecureLinkSigner(options).signUrl({ key: 'books/moby dick+☃.pdf', query: 'download=1', expiresAt: 1900000000, clientIp: '203.0.113.7' });
    const hash = md5(`1900000000/protected/books/moby dick+☃.pdf203.0.113.7 ${SECRET}`);
    expect(url).to.equal(`https://files.example.com/protected/books/moby%20dick%2B%E2%98%83.pdf?download=1&md5=${hash}&expires=1900000000`);
  });

  it('uses the configured parameter names, and needs no address without $remote_addr', () => {
    const signer = createSecureLinkSigner({ ...options, secureLinkMd5: '$secret$uri$secure_link_expires', secureLink: '$arg_st,$arg_e' });
    expect(signer.needsClientIp).to.equal(false);
    expect(signer.signUrl({ key: '/a.mp4', expiresAt: 1900000000 })).to.equal(`https://files.example.com/protected/a.mp4?st=${md5(`${SECRET}/protected/a.mp41900000000`)}&e=1900000000`);
  });

  describe('the client address ($remote_addr)', () => {
    const signer = createSecureLinkSigner(options);
    it('IPv4, and IPv4-mapped IPv6 as its IPv4 address', () => {
      expect(signer.needsClientIp).to.equal(true);
      expect(signer.signUrl({ key: 'a', expiresAt: 1900000000, clientIp: '::ffff:203.0.113.7' })).to.equal(signer.signUrl({ key: 'a', expiresAt: 1900000000, clientIp: '203.0.113.7' }));
    });

    it("SECURITY: IPv6 or no address is a 403, as CloudFront's ip: 'client' refuses it; never a link bound to nothing", () => {
      for (const clientIp of ['2001:db8::1', undefined, '', 'localhost']) {
        expect(accelError(() => signer.signUrl({ key: 'a', expiresAt: 1900000000, clientIp }))).to.include({ code: 'ERR_ACCEL_INVALID_INPUT', status: 403, message: 'Forbidden (this download is bound to an IPv4 address; connect over IPv4)' });
      }
    });
  });

  it("refuses an app query that has the link's own parameters (Nginx's $arg_ would read the app's), and bad expiries", () => {
    const signer = createSecureLinkSigner(options);
    for (const query of ['md5=x', 'a=1&EXPIRES=2', 'Md5']) {
      expect(accelError(() => signer.signUrl({ key: 'a', query, expiresAt: 1900000000, clientIp: '1.2.3.4' })).message, query).to.match(/^query: "(md5|expires)" is the link's own parameter/);
    }
    for (const expiresAt of [0, -1, 1.5, Number.NaN]) {
      expect(accelError(() => signer.signUrl({ key: 'a', expiresAt, clientIp: '1.2.3.4' }))).to.include({ code: 'ERR_ACCEL_INVALID_INPUT', status: 400 });
    }
  });

  describe('options: ERR_ACCEL_CONFIG naming the field and the fix, never the secret', () => {
    const cases: Array<[Partial<SecureLinkSignerOptions>, RegExp]> = [
      [{ secret: undefined }, /^secret: expected a string, got nothing\. Use a long random string/],
      [{ secret: '' }, /^secret: is empty/],
      [{ secret: `${SECRET}\n` }, /^secret: the secret \(25 characters\) contains a line break or another control character\. .*without its line break/],
      [{ secret: `${SECRET}$x` }, /^secret: contains "\$", which Nginx would read as the start of a variable/],
      [{ secret: 'short' }, /^secret: is 5 characters long; links show an MD5 over it, so a short secret can be found by trying\. .*at least 16 characters/],
      [{ allowShortSecret: 'yes' as unknown as boolean }, /^allowShortSecret: expected true or false/],
      [{ secureLinkMd5: `$uri$secure_link_expires${SECRET}` }, /^secureLinkMd5: the variable "\$secure_link_expires" runs on/],
      [{ secureLinkMd5: `$uri$secure_link_expires ${SECRET}` }, /^secureLinkMd5: has no \$secret/],
      [{ secureLinkMd5: '$uri$secure_link_expires$host$secret' }, /^secureLinkMd5: unknown variable "\$host"/],
      [{ secureLink: '$arg_md5' }, /^secureLink: expected/],
      [{ baseUrl: 'files.example.com/protected/' }, /^baseUrl: expected an absolute https:\/\/ URL/],
      [{ baseUrl: 'https://files.example.com/p/?a=1' }, /^baseUrl: expected an absolute https:\/\/ URL without credentials, query or fragment/],
      [{ baseUrl: 'https://files.example.com/%E0%A4%A/' }, /^baseUrl: its path is not valid percent-encoded UTF-8/],
    ];
    for (const [override, expected] of cases) {
      it(JSON.stringify(override), () => {
        const error = accelError(() => createSecureLinkSigner({ ...options, ...override }));
        expect(error.code).to.equal('ERR_ACCEL_CONFIG');
        expect(error.message).to.match(expected);
        expect(error.message).not.to.include(SECRET);
      });
    }
  });
});
