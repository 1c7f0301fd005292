import { generateKeyPairSync, verify } from 'node:crypto';
import { expect } from 'chai';
import { fromAwsBase64 } from '../../../src/cloudfront/aws-base64.js';
import { createCloudFrontSigner } from '../../../src/cloudfront/create-signer.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa2 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const clock = () => NOW;

function params(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

describe('createCloudFrontSigner', () => {
  const signer = createCloudFrontSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: rsa.privateKey, now: clock });

  it('signs a canned policy when only an expiry applies, with SHA-256 by default', () => {
    const signed = signer.signUrl('https://d.example/books/moby%20dick.pdf', { expiresIn: 300 });
    expect(signed).to.match(/^https:\/\/d\.example\/books\/moby%20dick\.pdf\?Expires=1767269100&Key-Pair-Id=K2JCJMDEHXQW5F&Signature=[A-Za-z0-9\-~_]+&Hash-Algorithm=SHA256$/);
    const policy = '{"Statement":[{"Resource":"https://d.example/books/moby%20dick.pdf","Condition":{"DateLessThan":{"AWS:EpochTime":1767269100}}}]}';
    expect(verify('sha256', Buffer.from(policy), rsa.publicKey, fromAwsBase64(params(signed).Signature!)!)).to.equal(true);
  });

  it('keeps the URL query and appends with &', () => {
    expect(signer.signUrl('https://d.example/a.jpg?size=large', { expiresIn: 60 })).to.match(/^https:\/\/d\.example\/a\.jpg\?size=large&Expires=/);
  });

  it('switches to a custom policy for a start time, an IP range or a wildcard resource', () => {
    const start = signer.signUrl('https://d.example/a', { expiresIn: 60, dateGreaterThan: new Date(NOW) });
    expect(fromAwsBase64(params(start).Policy!)!.toString()).to.equal(
      `{"Statement":[{"Resource":"https://d.example/a","Condition":{"DateLessThan":{"AWS:EpochTime":${NOW / 1000 + 60}},"DateGreaterThan":{"AWS:EpochTime":${NOW / 1000}}}}]}`);
    const ip = signer.signUrl('https://d.example/a', { expiresIn: 60, ipAddress: '203.0.113.9' });
    expect(fromAwsBase64(params(ip).Policy!)!.toString()).to.contain('"IpAddress":{"AWS:SourceIp":"203.0.113.9/32"}');
    const wildcard = signer.signUrl('https://d.example/videos/42/index.m3u8', { expiresIn: 60, resource: 'https://d.example/videos/42/*' });
    expect(params(wildcard)).to.not.have.property('Expires');
    expect(fromAwsBase64(params(wildcard).Policy!)!.toString()).to.contain('"Resource":"https://d.example/videos/42/*"');
  });

  it('a resource equal to the URL stays canned', () => {
    expect(params(signer.signUrl('https://d.example/a', { expiresIn: 60, resource: 'https://d.example/a' }))).to.have.property('Expires');
  });

  it('refuses a wildcard resource that does not cover the URL (CloudFront would answer 403)', () => {
    expect(() => signer.signUrl('https://d.example/videos/43/x.ts', { expiresIn: 60, resource: 'https://d.example/videos/42/*' }))
      .to.throw(/does not match the URL/).with.property('code', 'ERR_ACCEL_INVALID_INPUT');
  });

  it('SHA1 leaves Hash-Algorithm out; ECDSA signs DER over SHA-256', () => {
    const sha1 = createCloudFrontSigner({ keyPairId: 'K1', privateKey: rsa.privateKey, hashAlgorithm: 'SHA1', now: clock });
    expect(sha1.signUrl('https://d.example/a', { expiresIn: 60 })).not.to.contain('Hash-Algorithm');
    const ecdsa = createCloudFrontSigner({ keyPairId: 'K1', privateKey: ec.privateKey, now: clock });
    expect(ecdsa.hashAlgorithm).to.equal('SHA256');
    const signed = ecdsa.signUrl('https://d.example/a', { expiresIn: 60 });
    const policy = `{"Statement":[{"Resource":"https://d.example/a","Condition":{"DateLessThan":{"AWS:EpochTime":${NOW / 1000 + 60}}}}]}`;
    expect(verify('sha256', Buffer.from(policy), ec.publicKey, fromAwsBase64(params(signed).Signature!)!)).to.equal(true);
  });

  it('signs cookies: canned for one URL, custom for a wildcard, with Set-Cookie attributes', () => {
    const canned = signer.signCookies('https://d.example/a.jpg', { expiresIn: 60 });
    expect(Object.keys(canned.values)).to.deep.equal(['CloudFront-Expires', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id', 'CloudFront-Hash-Algorithm']);
    const custom = signer.signCookies('https://d.example/videos/*', { expiresIn: 60 }, { domain: '.example', sameSite: 'Strict' });
    expect(custom.values).to.have.property('CloudFront-Policy');
    expect(custom.setCookie).to.have.length(4);
    expect(custom.setCookie[0]).to.match(/^CloudFront-Policy=[A-Za-z0-9\-~_]+; Domain=\.example; Path=\/; Secure; HttpOnly; SameSite=Strict$/);
    expect(custom.setCookie[3]).to.equal('CloudFront-Hash-Algorithm=SHA256; Domain=.example; Path=/; Secure; HttpOnly; SameSite=Strict');
  });

  it('cookies: policy.resource overrides the resource and makes the policy custom', () => {
    const cookies = signer.signCookies('https://d.example/videos/42/index.m3u8', { expiresIn: 60, resource: 'https://d.example/videos/42/*' });
    expect(fromAwsBase64(cookies.values['CloudFront-Policy']!)!.toString()).to.contain('videos/42/*');
  });

  it('rotates keys: all loaded, the active one signs, every public key is exposed for verifiers', () => {
    const rotating = createCloudFrontSigner({
      keys: [{ keyPairId: 'KOLD', privateKey: rsa.privateKey }, { keyPairId: 'KNEW', privateKey: rsa2.privateKey }],
      activeKeyPairId: 'KNEW',
      now: clock,
    });
    expect(rotating.keyPairId).to.equal('KNEW');
    expect(Object.keys(rotating.publicKeys)).to.deep.equal(['KOLD', 'KNEW']);
    expect(params(rotating.signUrl('https://d.example/a', { expiresIn: 60 }))['Key-Pair-Id']).to.equal('KNEW');
    expect(createCloudFrontSigner({ keys: [{ keyPairId: 'KOLD', privateKey: rsa.privateKey }] }).keyPairId).to.equal('KOLD');
  });

  it('validates options once, at creation, with ERR_ACCEL_CONFIG naming the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ keys: [] }, /keys: is empty/],
      [{ keys: [{ keyPairId: 'A', privateKey: rsa.privateKey }, { keyPairId: 'A', privateKey: rsa2.privateKey }] }, /appears twice/],
      [{ keys: [{ keyPairId: 'A', privateKey: rsa.privateKey }], activeKeyPairId: 'B' }, /activeKeyPairId.*Use one of: A/],
      [{ keyPairId: 'K', privateKey: rsa.privateKey, hashAlgorithm: 'MD5' }, /hashAlgorithm/],
      [{ keyPairId: 'K', privateKey: ec.privateKey, hashAlgorithm: 'SHA1' }, /signs with ECDSA keys over SHA256 only/],
      [{ keyPairId: 'K"x', privateKey: rsa.privateKey }, /keyPairId/],
      [{ keyPairId: 'K' }, /privateKey: is missing/],
      [{ keyPairId: 'K', privateKey: rsa.privateKey, sign: () => Buffer.alloc(1), keyType: 'rsa' }, /mutually exclusive/],
      [{ keyPairId: 'K', privateKey: rsa.privateKey, now: 5 }, /now: expected a function, got the number 5/],
    ];
    for (const [options, message] of cases) {
      expect(() => createCloudFrontSigner(options as never), String(message)).to.throw(message).with.property('code', 'ERR_ACCEL_CONFIG');
    }
  });

  it('refuses bad input per call with ERR_ACCEL_INVALID_INPUT (status 400)', () => {
    const bad: Array<[string, object]> = [
      ['https://d.example/a', {}],
      ['https://d.example/a', { expiresIn: 60, ipAddress: '::1' }],
      ['https://d.example/a', { dateLessThan: new Date(NOW - 1) }],
      ['https://d.example/a', { dateLessThan: 1767290400 }],
      ['https://d.example/a?Signature=x', { expiresIn: 60 }],
    ];
    for (const [url, policy] of bad) {
      expect(() => signer.signUrl(url, policy as never), JSON.stringify(policy)).to.throw().with.property('status', 400);
    }
  });
});
