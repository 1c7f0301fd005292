import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { createGoogleCdnSigner } from '../../src/google-cdn/create-signer.js';
import { createGoogleCdnVerifier } from '../../src/google-cdn/verify.js';

// Google's own expected outputs (python-docs-samples cdn/snippets_test.py), copied byte for byte; see the README.
interface Cases {
  key: { name: string; base64url: string };
  expires: number;
  signedUrl: Array<{ url: string; expected: string }>;
  signedUrlPrefix: Array<{ url: string; prefix: string; expected: string }>;
  signedCookie: Array<{ prefix: string; expected: string }>;
}
const cases = JSON.parse(readFileSync(new URL('../vectors/google-cdn/cases.json', import.meta.url), 'utf8')) as Cases;
const before = (cases.expires - 60) * 1000;
const expiry = { dateLessThan: new Date(cases.expires * 1000) };
const keyOptions = { keyName: cases.key.name, key: cases.key.base64url };
const signer = createGoogleCdnSigner({ ...keyOptions, now: () => before });
const verifier = (nowMs: number) => createGoogleCdnVerifier({ ...keyOptions, now: () => nowMs });

describe('Cloud CDN vectors (Google samples)', () => {
  it('has the published cases', () => {
    expect([cases.signedUrl.length, cases.signedUrlPrefix.length, cases.signedCookie.length]).to.deep.equal([3, 3, 2]);
  });

  for (const vector of cases.signedUrl) {
    it(`signed URL ${vector.url}`, () => {
      expect(signer.signUrl(vector.url, expiry)).to.equal(vector.expected);
      expect(verifier(before).verifyUrl({ url: vector.expected })).to.deep.equal({ ok: true, form: 'url', keyName: 'my-key', expires: cases.expires });
      expect(verifier(cases.expires * 1000).verifyUrl({ url: vector.expected })).to.include({ ok: false, reason: 'expired' });
    });
  }

  for (const vector of cases.signedUrlPrefix) {
    it(`URL-prefix signature ${vector.prefix} for ${vector.url}`, () => {
      expect(signer.signUrlPrefix(vector.url, vector.prefix, expiry)).to.equal(vector.expected);
      expect(verifier(before).verifyUrl({ url: vector.expected })).to.deep.equal({ ok: true, form: 'url-prefix', keyName: 'my-key', expires: cases.expires, urlPrefix: vector.prefix });
    });
  }

  for (const vector of cases.signedCookie) {
    it(`signed cookie for ${vector.prefix}`, () => {
      const cookie = signer.signCookie(vector.prefix, expiry);
      expect(`${cookie.name}=${cookie.value}`).to.equal(vector.expected);
      expect(cookie.setCookie.startsWith(`${vector.expected}; `)).to.equal(true);
      const result = verifier(before).verifyCookie({ url: `${vector.prefix}seg-1.ts`, cookie: `a=b; ${vector.expected}` });
      expect(result).to.deep.equal({ ok: true, form: 'cookie', keyName: 'my-key', expires: cases.expires, urlPrefix: vector.prefix });
    });
  }
});
