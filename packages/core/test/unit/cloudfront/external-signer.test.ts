import { generateKeyPairSync, sign as cryptoSign, verify } from 'node:crypto';
import { expect } from 'chai';
import nock from 'nock';
import { fromAwsBase64 } from '../../../src/cloudfront/aws-base64.js';
import { createCloudFrontSigner } from '../../../src/cloudfront/create-signer.js';
import type { ExternalSign } from '../../../src/cloudfront/types.js';

// Importing nock patches node:http for the whole process, which would change connection reuse in every
// later suite (the proxy's keep-alive tests among them): intercept only while this suite runs.
nock.restore();

const NOW = Date.parse('2026-01-01T12:00:00Z');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const policyOf = (url: string) => `{"Statement":[{"Resource":"${url}","Condition":{"DateLessThan":{"AWS:EpochTime":${NOW / 1000 + 60}}}}]}`;
const signatureOf = (signed: string) => fromAwsBase64(new URL(signed).searchParams.get('Signature')!)!;

/** A minimal AWS KMS `Sign` call over its JSON protocol, the way @aws-sdk/client-kms sends it (without SigV4). */
function kmsSign(keyId: string): ExternalSign {
  return async (data, hashAlgorithm) => {
    if (hashAlgorithm !== 'SHA256') throw new Error('KMS signs SHA-256 only');
    const response = await fetch('https://kms.eu-west-1.amazonaws.com/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Sign' },
      body: JSON.stringify({ KeyId: keyId, Message: data.toString('base64'), MessageType: 'RAW', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }),
    });
    if (!response.ok) throw new Error(`KMS answered ${response.status}: ${await response.text()}`);
    return Buffer.from(((await response.json()) as { Signature: string }).Signature, 'base64');
  };
}

describe('createCloudFrontSigner with an external signer', () => {
  before(() => nock.activate());
  afterEach(() => nock.cleanAll());
  after(() => nock.restore());

  it('signs through a local sync or async function, returning promises', async () => {
    for (const sign of [(data: Buffer) => cryptoSign('sha256', data, rsa.privateKey), async (data: Buffer) => new Uint8Array(cryptoSign('sha256', data, rsa.privateKey))]) {
      const signer = createCloudFrontSigner({ keyPairId: 'KEXT', sign, keyType: 'rsa', now: () => NOW });
      const pending = signer.signUrl('https://d.example/a', { expiresIn: 60 });
      expect(pending).to.be.instanceOf(Promise);
      const signed = await pending;
      expect(signed).to.contain('&Key-Pair-Id=KEXT&Signature=').and.contain('&Hash-Algorithm=SHA256');
      expect(verify('sha256', Buffer.from(policyOf('https://d.example/a')), rsa.publicKey, signatureOf(signed))).to.equal(true);
    }
  });

  it('passes the policy bytes and the hash, and signs cookies too (ECDSA)', async () => {
    const seen: Array<[string, string]> = [];
    const signer = createCloudFrontSigner({
      keyPairId: 'KEC', keyType: 'ecdsa', now: () => NOW,
      sign: (data, hash) => { seen.push([data.toString(), hash]); return cryptoSign('sha256', data, ec.privateKey); },
    });
    const cookies = await signer.signCookies('https://d.example/a', { expiresIn: 60 });
    expect(seen).to.deep.equal([[policyOf('https://d.example/a'), 'SHA256']]);
    expect(verify('sha256', Buffer.from(seen[0]![0]), ec.publicKey, fromAwsBase64(cookies.values['CloudFront-Signature']!)!)).to.equal(true);
  });

  it('signs through AWS KMS (nock standing in for the KMS Sign API)', async () => {
    let body: Record<string, string> = {};
    nock('https://kms.eu-west-1.amazonaws.com')
      .matchHeader('x-amz-target', 'TrentService.Sign')
      .post('/')
      .reply(200, (_uri, requestBody) => {
        body = (typeof requestBody === 'string' ? JSON.parse(requestBody) : requestBody) as Record<string, string>;
        const signature = cryptoSign('sha256', Buffer.from(body.Message!, 'base64'), rsa.privateKey);
        return { KeyId: body.KeyId, Signature: signature.toString('base64'), SigningAlgorithm: body.SigningAlgorithm };
      });
    const signer = createCloudFrontSigner({ keyPairId: 'KKMS', keyType: 'rsa', sign: kmsSign('alias/cloudfront'), now: () => NOW });
    const signed = await signer.signUrl('https://d.example/a', { expiresIn: 60 });
    expect(body).to.include({ KeyId: 'alias/cloudfront', MessageType: 'RAW', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' });
    expect(Buffer.from(body.Message!, 'base64').toString()).to.equal(policyOf('https://d.example/a'));
    expect(verify('sha256', Buffer.from(policyOf('https://d.example/a')), rsa.publicKey, signatureOf(signed))).to.equal(true);
  });

  it('turns a KMS failure into ERR_ACCEL_SIGNING_FAILED with the cause kept', async () => {
    nock('https://kms.eu-west-1.amazonaws.com').post('/').reply(400, { __type: 'AccessDeniedException', message: 'not allowed' });
    const signer = createCloudFrontSigner({ keyPairId: 'KKMS', keyType: 'rsa', sign: kmsSign('alias/cloudfront'), now: () => NOW });
    const error = await signer.signUrl('https://d.example/a', { expiresIn: 60 }).then(() => undefined, (failure: unknown) => failure as Error & { code: string; cause: unknown });
    expect(error?.code).to.equal('ERR_ACCEL_SIGNING_FAILED');
    expect(error?.message).to.contain('AccessDeniedException');
    expect(error?.cause).to.be.instanceOf(Error);
  });

  it('refuses an empty or non-byte signature', async () => {
    for (const sign of [() => Buffer.alloc(0), () => 'abc' as never]) {
      const signer = createCloudFrontSigner({ keyPairId: 'K', keyType: 'rsa', sign, now: () => NOW });
      const error = await signer.signUrl('https://d.example/a', { expiresIn: 60 }).then(() => undefined, (failure: unknown) => failure as { code: string });
      expect(error?.code).to.equal('ERR_ACCEL_SIGNING_FAILED');
    }
  });

  it('rejects input errors as promises, and checks keyType and hash at creation', async () => {
    const signer = createCloudFrontSigner({ keyPairId: 'K', keyType: 'rsa', sign: () => Buffer.alloc(1), now: () => NOW });
    const error = await signer.signUrl('ftp://x/a', { expiresIn: 60 }).then(() => undefined, (failure: unknown) => failure as { code: string });
    expect(error?.code).to.equal('ERR_ACCEL_INVALID_INPUT');
    expect(() => createCloudFrontSigner({ keyPairId: 'K', keyType: 'dsa' as never, sign: () => Buffer.alloc(1) })).to.throw(/keyType/);
    expect(() => createCloudFrontSigner({ keyPairId: 'K', keyType: 'ecdsa', hashAlgorithm: 'SHA1', sign: () => Buffer.alloc(1) })).to.throw(/SHA256/);
  });
});
