import { expect } from 'chai';
import fc from 'fast-check';
import type { StreamDecision } from '../../../src/contract/decision.js';
import { createAccel } from '../../../src/engine/create-accel.js';
import { signed } from '../../../src/targets/signed-target.js';
import { SIGNED_HOSTS, servesOnlyAllowedHttpsUrls } from './signed-property.js';
import { configFailure, decide, headersOf, refusal } from './target-helpers.js';

const QUERY = 'X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=am%40example.iam.gserviceaccount.com%2F20261206%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20261206T040000Z&X-Goog-Expires=60&X-Goog-SignedHeaders=host&X-Goog-Signature=0f1e';
const PREFIX = '/cloud-storage-proxy/';

describe("signed({ form: 'url' }): GOV.UK's <prefix>https://<host>/<path>", () => {
  const accel = createAccel({
    locations: {
      [PREFIX]: signed({ hosts: SIGNED_HOSTS, form: 'url' }),
      '/stream-proxy/': signed({ hosts: SIGNED_HOSTS, form: 'url', mode: 'stream' }),
      '/internal/s3/': signed({ hosts: SIGNED_HOSTS }),
      '/protected/': signed({ hosts: SIGNED_HOSTS }),
    },
  });

  it("redirects to the app's URL: the path decoded once, the query verbatim", async () => {
    const { location, cacheControl } = headersOf(await decide(accel, `${PREFIX}https://bucket.s3.amazonaws.com/media/ab/moby%2520dick.pdf?${QUERY}`));
    expect(location).to.equal(`https://bucket.s3.amazonaws.com/media/ab/moby%20dick.pdf?${QUERY}`);
    expect(cacheControl).to.equal('private, no-store');
  });

  it('stream mode fetches the same URL', async () => {
    const decision = (await decide(accel, `/stream-proxy/https://acme.s3.eu-west-1.amazonaws.com/a.pdf?${QUERY}`, { method: 'HEAD' })) as StreamDecision;
    expect(decision).to.include({ kind: 'stream', url: `https://acme.s3.eu-west-1.amazonaws.com/a.pdf?${QUERY}`, method: 'HEAD' });
  });

  it('describes its form to the engine, and the host form does not', () => {
    expect(signed({ hosts: SIGNED_HOSTS, form: 'url' }).keyScheme).to.equal('https');
    expect(signed({ hosts: ['127.0.0.1:9000'], form: 'url', protocol: 'http' }).keyScheme).to.equal('http');
    expect(signed({ hosts: SIGNED_HOSTS }).keyScheme).to.equal(undefined);
  });

  // SECURITY: the host form's hostile spellings, written as URLs, plus the scheme's own: every one is a 404.
  const hostile: Array<[string, string]> = [
    ['a host off the list', 'https://evil.com/a.pdf'],
    ['localhost', 'https://localhost/a.pdf'],
    ['IPv4 loopback', 'https://127.0.0.1/a.pdf'],
    ['IPv4 in decimal', 'https://2130706433/a.pdf'],
    ['IPv6 literal', 'https://[::1]/a.pdf'],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data/'],
    ['userinfo', 'https://a@bucket.s3.amazonaws.com/a.pdf'],
    ['userinfo before an allowed host', 'https://bucket.s3.amazonaws.com@evil.com/a.pdf'],
    ['userinfo, encoded', 'https://evil.com%40bucket.s3.amazonaws.com/a.pdf'],
    ['a port', 'https://bucket.s3.amazonaws.com:8443/a.pdf'],
    ['a %2F-smuggled host', 'https://evil.com%2F@bucket.s3.amazonaws.com/a.pdf'],
    ['a Unicode look-alike', 'https://bucket.s3.%D0%B0mazonaws.com/a.pdf'],
    ['a trailing dot', 'https://bucket.s3.amazonaws.com./a.pdf'],
    ['one slash', 'https:/bucket.s3.amazonaws.com/a.pdf'],
    ['three slashes', 'https:///bucket.s3.amazonaws.com/a.pdf'],
    ['four slashes', 'https:////evil.com/a.pdf'],
    ['an upper-case scheme', 'HTTPS://bucket.s3.amazonaws.com/a.pdf'],
    ['a mixed-case scheme', 'Https://bucket.s3.amazonaws.com/a.pdf'],
    ['encoded slashes', 'https:%2F%2Fbucket.s3.amazonaws.com/a.pdf'],
    ['one encoded slash', 'https:/%2Fbucket.s3.amazonaws.com/a.pdf'],
    ['an encoded colon', 'https%3A//bucket.s3.amazonaws.com/a.pdf'],
    ['http on an https location', 'http://bucket.s3.amazonaws.com/a.pdf'],
    ['javascript:', 'javascript://bucket.s3.amazonaws.com/%0aalert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['no scheme', 'bucket.s3.amazonaws.com/a.pdf'],
    ['a protocol-relative URL', '//bucket.s3.amazonaws.com/a.pdf'],
    ['backslashes', 'https:\\\\bucket.s3.amazonaws.com/a.pdf'],
    ['a backslash after the host', 'https://bucket.s3.amazonaws.com\\@evil.com/a.pdf'],
    ['no path after the host', 'https://bucket.s3.amazonaws.com'],
    ['a dot segment', 'https://bucket.s3.amazonaws.com/a/../b'],
    ['an encoded dot segment', 'https://bucket.s3.amazonaws.com/a/%2e%2e/b'],
    ['a double-encoded dot segment', 'https://bucket.s3.amazonaws.com/a/%252e%252e/b'],
    ['a // later in the path', 'https://bucket.s3.amazonaws.com/a//b'],
    ['an encoded // later in the path', 'https://bucket.s3.amazonaws.com/a/%2Fb'],
    ['a control character', 'https://bucket.s3.amazonaws.com/a%0d%0aSet-Cookie:x'],
    ['a second URL', 'https://https://evil.com/a.pdf'],
  ];
  for (const [what, url] of hostile) {
    it(`refuses ${what} with a 404: ${url}`, async () => {
      const error = await refusal(decide(accel, `${PREFIX}${url}`));
      expect(error.status).to.equal(404);
      expect(['ERR_ACCEL_UNMAPPED', 'ERR_ACCEL_UNSAFE_PATH']).to.include(error.code);
      expect(error.message).not.to.include('evil');
    });
  }

  it('allows the // after the scheme only for the url-form location: other locations refuse it as before', async () => {
    for (const value of ['/internal/s3/https://bucket.s3.amazonaws.com/a.pdf', '/protected/https://bucket.s3.amazonaws.com/a.pdf', '/protected/a//b']) {
      expect(await refusal(decide(accel, value)), value).to.include({ code: 'ERR_ACCEL_UNSAFE_PATH', status: 404 });
    }
  });

  it('a longer prefix that matches the same value gets no exception', async () => {
    const nested = createAccel({ locations: { [PREFIX]: signed({ hosts: SIGNED_HOSTS, form: 'url' }), [`${PREFIX}https:/`]: signed({ hosts: SIGNED_HOSTS }) } });
    expect(await refusal(decide(nested, `${PREFIX}https://bucket.s3.amazonaws.com/a.pdf`))).to.include({ code: 'ERR_ACCEL_UNSAFE_PATH' });
  });

  it("protocol: 'http' takes http:// only", async () => {
    const local = createAccel({ locations: { [PREFIX]: signed({ hosts: ['127.0.0.1:9000'], protocol: 'http', form: 'url' }) } });
    expect(headersOf(await decide(local, `${PREFIX}http://127.0.0.1:9000/bucket/a.pdf?x=1`)).location).to.equal('http://127.0.0.1:9000/bucket/a.pdf?x=1');
    expect(await refusal(decide(local, `${PREFIX}https://127.0.0.1:9000/bucket/a.pdf`))).to.include({ code: 'ERR_ACCEL_UNSAFE_PATH' });
    expect(await refusal(decide(local, `${PREFIX}http:/127.0.0.1:9000/bucket/a.pdf`))).to.include({ code: 'ERR_ACCEL_UNMAPPED' });
  });

  it('checks the option at startup', () => {
    expect(configFailure(() => signed({ hosts: SIGNED_HOSTS, form: 'path' as 'url' }))).to.match(/^signed\.form: expected 'host' or 'url', got /);
  });

  it('property: whatever the header value, a URL that comes out is https on an allow-listed host, at the path given', async () => {
    const pieces = fc.constantFrom(
      'https://', 'https:', 'http://', 'HTTPS://', '//', 'bucket.s3.amazonaws.com', 'acme.s3.eu-west-1.amazonaws.com', 's3.eu-west-1.amazonaws.com', 'evil.com',
      '127.0.0.1', '2130706433', '[::1]', 'localhost', '@', ':', ':443', '.', '..', '/', '%2F', '%252F', '%40', '%2e', '%252e', '\\', '%5C', '?', '#',
      '%23', ' ', 'é', '\u212a', 'а', 'xn--', '*', 'a', '-', '%', '%00', '\u0000', '\r\n', 'javascript:', 'file:',
    );
    const value = fc.oneof(
      fc.array(pieces, { maxLength: 12 }).map((parts) => `${PREFIX}${parts.join('')}`),
      fc.array(pieces, { maxLength: 10 }).map((parts) => `${PREFIX}https://${parts.join('')}`),
      fc.tuple(fc.array(pieces, { maxLength: 5 }), fc.array(pieces, { maxLength: 5 })).map(([host, rest]) => `/stream-proxy/https://${host.join('')}/${rest.join('')}`),
      fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => `${PREFIX}https://${text}`),
      // Near misses of a URL that is served: an allowed host, then any path.
      fc.tuple(fc.constantFrom('bucket.s3.amazonaws.com', 'acme.s3.eu-west-1.amazonaws.com'), fc.array(pieces, { maxLength: 6 })).map(([host, rest]) => `${PREFIX}https://${host}/${rest.join('')}`),
    );
    await servesOnlyAllowedHttpsUrls(accel, value, ['GET', 'HEAD'], [[`${PREFIX}https://bucket.s3.amazonaws.com/a.pdf`, 'GET']]);
  });
});
