import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { createGoogleCdnSigner } from '../../../src/google-cdn/create-signer.js';

const KEY = 'nZtRohdNF9m3cKM24IcK4w==';
const NOW = Date.parse('2026-03-01T12:00:00Z');
const signer = createGoogleCdnSigner({ keyName: 'my-key', key: KEY, now: () => NOW });
const inAMinute = { expiresIn: 60 };

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).to.include({ code: 'ERR_ACCEL_INVALID_INPUT', status: 400 });
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('createGoogleCdnSigner', () => {
  it('signs the URL with Expires and KeyName appended, HMAC-SHA1 in padded base64url', () => {
    const signed = signer.signUrl('https://media.example.com/a/b.mp4', inAMinute);
    const expires = NOW / 1000 + 60;
    const text = `https://media.example.com/a/b.mp4?Expires=${expires}&KeyName=my-key`;
    const mac = createHmac('sha1', Buffer.from(KEY, 'base64url')).update(text).digest('base64url');
    expect(signed).to.equal(`${text}&Signature=${mac}=`);
  });

  it('takes dateLessThan as a Date or an ISO string, rounding down, and refuses past or unusable expiries', () => {
    expect(signer.signUrl('https://h.example/a', { dateLessThan: new Date(NOW + 90_999) })).to.include(`Expires=${NOW / 1000 + 90}&`);
    expect(signer.signUrl('https://h.example/a', { dateLessThan: '2026-03-01T13:00:00Z' })).to.include(`Expires=${NOW / 1000 + 3600}&`);
    expect(refusal(() => signer.signUrl('https://h.example/a', { dateLessThan: new Date(NOW) }))).to.match(/already past by the signer's clock/);
    expect(refusal(() => signer.signUrl('https://h.example/a', { dateLessThan: '2026-03-01 13:00' }))).to.match(/ISO-8601 date-time with a zone/);
    expect(refusal(() => signer.signUrl('https://h.example/a', { expiresIn: 0 }))).to.match(/positive number of seconds, got the number 0/);
    expect(refusal(() => signer.signUrl('https://h.example/a', { expiresIn: 5, dateLessThan: new Date() } as never))).to.match(/not both/);
    const tool = createGoogleCdnSigner({ keyName: 'my-key', key: KEY, now: () => NOW, allowPastExpiry: true });
    expect(tool.signUrl('https://h.example/a', { dateLessThan: new Date(0) })).to.include('Expires=0&');
  });

  it('refuses URLs a browser would not request byte for byte', () => {
    expect(refusal(() => signer.signUrl('https://h.example/a b', inAMinute))).to.match(/^url: percent-encode spaces/);
    expect(refusal(() => signer.signUrl('https://h.example/é', inAMinute))).to.match(/percent-encode/);
    expect(refusal(() => signer.signUrl("https://h.example/a?x='1'", inAMinute))).to.match(/' in the query/);
    expect(refusal(() => signer.signUrl('https://h.example/a#top', inAMinute))).to.match(/remove the fragment/);
    expect(refusal(() => signer.signUrl('https://Media.example/a', inAMinute))).to.match(/lower case/);
    expect(refusal(() => signer.signUrl('HTTPS://h.example/a', inAMinute))).to.match(/lower case/);
    expect(refusal(() => signer.signUrl('https://h.example', inAMinute))).to.match(/add a "\/" after the host/);
    expect(refusal(() => signer.signUrl('https://user:pw@h.example/a', inAMinute))).to.match(/user:password@/);
    expect(refusal(() => signer.signUrl('ftp://h.example/a', inAMinute))).to.match(/absolute http/);
    expect(refusal(() => signer.signUrl('https://h.example/a?', inAMinute))).to.match(/empty "\?"/);
  });

  it('SECURITY: refuses dot segments (also %2e) and URLs that already carry signing parameters', () => {
    for (const url of ['https://h.example/a/../b', 'https://h.example/a/./b', 'https://h.example/a/%2E%2e/b', 'https://h.example/a/..']) {
      expect(refusal(() => signer.signUrl(url, inAMinute)), url).to.match(/"\." or "\.\." segment/);
    }
    for (const url of ['https://h.example/a?Expires=1', 'https://h.example/a?x=1&KeyName=k', 'https://h.example/a?Signature', 'https://h.example/a?URLPrefix=aGk=']) {
      expect(refusal(() => signer.signUrl(url, inAMinute)), url).to.match(/already carries a Cloud CDN signing parameter/);
    }
    expect(signer.signUrl('https://h.example/a..b/.c?NotExpires=1', inAMinute)).to.include('?NotExpires=1&Expires=');
  });

  it('signs a URL prefix that covers the URL, and refuses one that does not or is not a prefix', () => {
    const signed = signer.signUrlPrefix('https://h.example/v/1/index.m3u8', 'https://h.example/v/1/', inAMinute);
    expect(signed).to.match(/^https:\/\/h\.example\/v\/1\/index\.m3u8\?URLPrefix=aHR0cHM6Ly9oLmV4YW1wbGUvdi8xLw==&Expires=\d+&KeyName=my-key&Signature=[\w-]{27}=$/);
    expect(refusal(() => signer.signUrlPrefix('https://h.example/v/2/a.ts', 'https://h.example/v/1/', inAMinute))).to.match(/is not a prefix of the URL/);
    expect(refusal(() => signer.signUrlPrefix('https://h.example/v/../w/a.ts', 'https://h.example/v/', inAMinute))).to.match(/^url: the path has a "\." or "\.\." segment/);
    expect(refusal(() => signer.signUrlPrefix('https://h.example/v/%2e/a.ts', 'https://h.example/v/%2', inAMinute))).to.match(/segment/);
    expect(refusal(() => signer.signUrlPrefix('https://h.example/v/a b.ts', 'https://h.example/v/', inAMinute))).to.match(/^url: percent-encode/);
    expect(refusal(() => signer.signUrlPrefix('https://h.example/v/a.ts#t', 'https://h.example/v/', inAMinute))).to.match(/^url: remove the fragment/);
    expect(refusal(() => signer.signUrlPrefix('https://h.example/v/a.ts?KeyName=k', 'https://h.example/v/', inAMinute))).to.match(/already carries a Cloud CDN signing parameter/);
    expect(signer.signUrlPrefix('https://h.example/v/a.ts?q=1', 'https://h.example/v/', inAMinute)).to.match(/\?q=1&URLPrefix=/);
    expect(refusal(() => signer.signCookie('https://h.example/v/1/?x=1', inAMinute))).to.match(/^urlPrefix: a URL prefix has no query string/);
    expect(refusal(() => signer.signCookie('https://h.example', inAMinute))).to.match(/add a "\/" after the host/);
    expect(refusal(() => signer.signCookie('https://h.example/v/../', inAMinute))).to.match(/segment/);
  });

  it('renders the cookie with the attributes, Path=/; Secure; HttpOnly by default', () => {
    const cookie = signer.signCookie('https://h.example/v/1/', inAMinute);
    expect(cookie.name).to.equal('Cloud-CDN-Cookie');
    expect(cookie.value).to.match(/^URLPrefix=aHR0cHM6Ly9oLmV4YW1wbGUvdi8xLw==:Expires=\d+:KeyName=my-key:Signature=[\w-]{27}=$/);
    expect(cookie.setCookie).to.equal(`Cloud-CDN-Cookie=${cookie.value}; Path=/; Secure; HttpOnly`);
    const scoped = signer.signCookie('https://h.example/v/1/', inAMinute, { domain: 'h.example', path: '/v/1/', sameSite: 'Lax', maxAge: 60 });
    expect(scoped.setCookie).to.equal(`Cloud-CDN-Cookie=${scoped.value}; Domain=h.example; Path=/v/1/; Max-Age=60; Secure; HttpOnly; SameSite=Lax`);
  });

  it('checks its own options: the clock', () => {
    expect(() => createGoogleCdnSigner({ keyName: 'k', key: KEY, now: 5 as never })).to.throw(/^now: expected a function, got the number 5/);
  });
});
