import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { createGoogleCdnSigner } from '../../../src/google-cdn/create-signer.js';
import { createGoogleCdnVerifier } from '../../../src/google-cdn/verify.js';
import { joinObjectUrl } from '../../../src/url/encode-object-key.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const keys = [{ keyName: 'key-new', key: randomBytes(16) }, { keyName: 'key-old', key: randomBytes(16).toString('base64url') }];
const newSigner = createGoogleCdnSigner({ keys, now: () => NOW });
const oldSigner = createGoogleCdnSigner({ keys, activeKeyName: 'key-old', now: () => NOW });
const verifierAt = (ms: number) => createGoogleCdnVerifier({ keys, now: () => ms });
const verifier = verifierAt(NOW);

const strict = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const origin = fc.constantFrom('https://media.example.com', 'http://cdn.example.net', 'https://203.0.113.7', 'http://localhost:8080');
const segment = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((text) => !/^\.{1,2}$/.test(text) && !text.includes('/'));
const folder = fc.array(segment, { minLength: 1, maxLength: 3 });
const ownQuery = fc.array(
  fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/), fc.string({ maxLength: 10, unit: 'grapheme' })),
  { maxLength: 3 },
).map((pairs) => pairs.map(([name, value]) => `${name}=${strict(value)}`).join('&'));
const lifetime = fc.integer({ min: 1, max: 7 * 86_400 });
const signerOf = fc.constantFrom(newSigner, oldSigner);

/** An object URL under a folder, with its own query string. */
const objectUrl = fc.record({ origin, folder, file: segment, query: ownQuery }).map(({ origin: base, folder: dirs, file, query }) => {
  const prefix = joinObjectUrl(`${base}/`, `${dirs.join('/')}/`);
  const url = joinObjectUrl(prefix, file);
  return { prefix, url: query === '' ? url : `${url}?${query}` };
});

function tamperQueryValue(signed: string, name: string, change: (value: string) => string): string {
  return signed.replace(new RegExp(`([?&]${name}=)([^&]*)`), (_, head: string, value: string) => head + change(value));
}

const flipLast = (text: string) => text.slice(0, -2) + (text.at(-2) === 'A' ? 'B' : 'A') + text.slice(-1);

describe('createGoogleCdnVerifier', () => {
  it('accepts what any configured key signed (rotation), until Expires', () => {
    fc.assert(fc.property(objectUrl, lifetime, signerOf, ({ url }, seconds, signer) => {
      const signed = signer.signUrl(url, { expiresIn: seconds });
      const expires = NOW / 1000 + seconds;
      expect(verifier.verifyUrl({ url: signed })).to.deep.equal({ ok: true, form: 'url', keyName: signer.keyName, expires });
      expect(verifierAt(expires * 1000 - 1).verifyUrl({ url: signed, method: 'HEAD' }).ok).to.equal(true);
      expect(verifierAt(expires * 1000).verifyUrl({ url: signed })).to.include({ ok: false, reason: 'expired' });
    }), { numRuns: 200 });
  });

  it('a prefix signature or cookie covers every URL under the prefix, until Expires', () => {
    fc.assert(fc.property(objectUrl, segment, lifetime, signerOf, ({ prefix, url }, other, seconds, signer) => {
      const sibling = joinObjectUrl(prefix, other);
      const signed = signer.signUrlPrefix(url, prefix, { expiresIn: seconds });
      const signingQuery = signed.slice(signed.indexOf('URLPrefix=') - 1).replace(/^&/, '?');
      expect(verifier.verifyUrl({ url: `${sibling}${signingQuery}` })).to.include({ ok: true, form: 'url-prefix', urlPrefix: prefix });
      const cookie = signer.signCookie(prefix, { expiresIn: seconds });
      expect(verifier.verify({ url: sibling, cookie: `theme=dark; ${cookie.name}=${cookie.value}` })).to.include({ ok: true, form: 'cookie', keyName: signer.keyName });
      expect(verifierAt((NOW / 1000 + seconds) * 1000).verifyCookie({ url, cookie: `${cookie.name}=${cookie.value}` })).to.include({ reason: 'expired' });
    }), { numRuns: 200 });
  });

  it('any tampering of a signed URL fails: each own parameter, the path, the host, Expires, KeyName, Signature', () => {
    fc.assert(fc.property(objectUrl, lifetime, fc.nat(), ({ url }, seconds, pick) => {
      const signed = newSigner.signUrl(url, { expiresIn: seconds });
      const query = url.includes('?') ? url.slice(url.indexOf('?') + 1).split('&') : [];
      const tampered = [
        signed.replace(/^(https?:\/\/[^/]+\/)/, '$1x'),
        signed.replace(/\?|&Expires=/, (found) => (found === '?' ? '/?' : `/${found}`)),
        signed.replace('://', '://x'),
        signed.startsWith('https') ? signed.replace('https', 'http') : signed.replace('http', 'https'),
        tamperQueryValue(signed, 'Expires', (value) => String(Number(value) + 1)),
        tamperQueryValue(signed, 'KeyName', () => 'key-old'),
        tamperQueryValue(signed, 'Signature', flipLast),
        signed.replace('&Expires=', '&x=1&Expires=').replace('?Expires=', '?x=1&Expires='),
        ...query.map((pair) => signed.replace(pair, `${pair}x`)),
        ...query.map((pair) => (signed.includes(`?${pair}&`) ? signed.replace(`?${pair}&`, '?') : signed.replace(`&${pair}&`, '&'))),
      ].filter((candidate) => candidate !== signed);
      const candidate = tampered[pick % tampered.length]!;
      expect(verifier.verifyUrl({ url: candidate }), candidate).to.include({ ok: false });
      for (const each of tampered) expect(verifier.verifyUrl({ url: each }).ok, each).to.equal(false);
    }), { numRuns: 200 });
  });

  it('any tampering of a prefix signature or cookie fails: URLPrefix, Expires, KeyName, Signature, a URL outside the prefix', () => {
    fc.assert(fc.property(objectUrl, lifetime, ({ prefix, url }, seconds) => {
      const signed = newSigner.signUrlPrefix(url, prefix, { expiresIn: seconds });
      const shorter = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
      const outside = `${shorter}zz${prefix.slice(shorter.length)}`;
      for (const candidate of [
        tamperQueryValue(signed, 'URLPrefix', () => Buffer.from(shorter).toString('base64url')),
        tamperQueryValue(signed, 'Expires', (value) => String(Number(value) - 1)),
        tamperQueryValue(signed, 'KeyName', () => 'key-old'),
        tamperQueryValue(signed, 'Signature', flipLast),
        outside + signed.slice(signed.indexOf('?URLPrefix=') === -1 ? signed.indexOf('&URLPrefix=') : signed.indexOf('?URLPrefix=')).replace(/^&/, '?'),
      ]) {
        expect(verifier.verifyUrl({ url: candidate }).ok, candidate).to.equal(false);
      }
      const { value } = newSigner.signCookie(prefix, { expiresIn: seconds });
      for (const cookie of [
        value.replace(/^URLPrefix=[^:]*/, `URLPrefix=${Buffer.from(shorter).toString('base64url')}`),
        value.replace(/Expires=(\d+)/, (_, e: string) => `Expires=${Number(e) + 1}`),
        value.replace('KeyName=key-new', 'KeyName=key-old'),
        value.slice(0, -2) + (value.at(-2) === 'A' ? 'B' : 'A') + value.slice(-1),
      ]) {
        expect(verifier.verifyCookie({ url, cookie: `Cloud-CDN-Cookie=${cookie}` }).ok, cookie).to.equal(false);
      }
      expect(verifier.verifyCookie({ url: `${outside}a`, cookie: `Cloud-CDN-Cookie=${value}` })).to.include({ reason: 'out-of-scope' });
    }), { numRuns: 200 });
  });

  it('names each refusal', () => {
    const signed = newSigner.signUrl('https://h.example/a.mp4?v=1', { expiresIn: 60 });
    expect(verifier.verifyUrl({ url: 'https://h.example/a.mp4' })).to.include({ reason: 'unsigned' });
    expect(verifier.verifyUrl({ url: signed.replace(/&Signature=.*/, '') })).to.include({ reason: 'unsigned' });
    expect(verifier.verifyUrl({ url: signed, method: 'POST' })).to.include({ reason: 'method-not-allowed' });
    expect(verifier.verifyUrl({ url: tamperQueryValue(signed, 'KeyName', () => 'key-gone') })).to.include({ reason: 'unknown-key' });
    expect(verifier.verifyUrl({ url: tamperQueryValue(signed, 'Signature', flipLast) })).to.include({ reason: 'bad-signature' });
    expect(verifier.verifyUrl({ url: tamperQueryValue(signed, 'Signature', (value) => value.slice(0, -1)) })).to.include({ reason: 'bad-signature' });
    expect(verifier.verifyUrl({ url: tamperQueryValue(signed, 'Expires', () => '12x') })).to.include({ reason: 'malformed' });
    expect(verifier.verifyUrl({ url: `${signed}#frag` }).ok).to.equal(true);
    expect(verifier.verifyCookie({ url: 'https://h.example/a', cookie: 'other=1' })).to.include({ reason: 'unsigned' });
    expect(verifier.verifyCookie({ url: 'https://h.example/a', cookie: 'Cloud-CDN-Cookie=garbage' })).to.include({ reason: 'malformed' });
  });

  it('SECURITY: refuses repeated signing parameters, anything after Signature, and another order', () => {
    const signed = newSigner.signUrl('https://h.example/a.mp4', { expiresIn: 60 });
    expect(verifier.verifyUrl({ url: `${signed}&Signature=x` })).to.include({ reason: 'malformed' });
    expect(verifier.verifyUrl({ url: signed.replace('?', '?Expires=9999999999&') })).to.include({ reason: 'malformed' });
    expect(verifier.verifyUrl({ url: `${signed}&x=1` })).to.include({ reason: 'malformed' });
    const [base, query] = signed.split('?') as [string, string];
    const [expires, keyName, signature] = query.split('&');
    expect(verifier.verifyUrl({ url: `${base}?${keyName}&${expires}&${signature}` })).to.include({ reason: 'malformed' });
  });

  it('SECURITY: a prefix signature does not reach outside the prefix through dot segments', () => {
    const signed = newSigner.signUrlPrefix('https://h.example/v/1/a.ts', 'https://h.example/v/1/', { expiresIn: 60 });
    const signing = signed.slice(signed.indexOf('?'));
    expect(verifier.verifyUrl({ url: `https://h.example/v/1/../2/a.ts${signing}` })).to.include({ reason: 'out-of-scope' });
    expect(verifier.verifyUrl({ url: `https://h.example/v/1/%2e%2E/2/a.ts${signing}` })).to.include({ reason: 'out-of-scope' });
    expect(verifier.verifyUrl({ url: `https://h.example/v/10/a.ts${signing}` })).to.include({ reason: 'out-of-scope' });
    const { value } = newSigner.signCookie('https://h.example/v/1/', { expiresIn: 60 });
    expect(verifier.verifyCookie({ url: 'https://h.example/v/1/../2/a.ts', cookie: `Cloud-CDN-Cookie=${value}` })).to.include({ reason: 'out-of-scope' });
  });

  it('takes any one of several cookies a browser sends', () => {
    const narrow = newSigner.signCookie('https://h.example/v/2/', { expiresIn: 60 });
    const wide = oldSigner.signCookie('https://h.example/v/', { expiresIn: 60 });
    const cookie = [`Cloud-CDN-Cookie=${narrow.value}`, `a=1; Cloud-CDN-Cookie=${wide.value}`];
    expect(verifier.verifyCookie({ url: 'https://h.example/v/1/a.ts', cookie })).to.include({ ok: true, keyName: 'key-old', urlPrefix: 'https://h.example/v/' });
    expect(verifier.verifyCookie({ url: 'https://h.example/w/a.ts', cookie })).to.include({ reason: 'out-of-scope' });
  });
});
