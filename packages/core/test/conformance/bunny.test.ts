import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { createBunnySigner } from '../../src/bunny/create-signer.js';
import { verifyBunnyUrl } from '../../src/bunny/verify.js';

// bunny.net's shared e2e vectors, vendored byte for byte in test/vectors/bunny/ (provenance in its README): every
// case of inputs.json is signed here and must give vectors.json's signed URL and token exactly.
const folder = new URL('../vectors/bunny/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, folder), 'utf8')) as T;

interface Case {
  name: string;
  path: string;
  userIp: string;
  isDirectory: boolean;
  pathAllowed: string;
  countriesAllowed: string;
  countriesBlocked: string;
  ignoreParams: boolean;
  speedLimit: number;
  countryCode: string;
}
interface Inputs { key: string; expires: number; host: string; cases: Case[] }
interface Vectors { vectors: Array<{ name: string; signedUrl: string; token: string }> }

const inputs = read<Inputs>('inputs.json');
const expected = new Map(read<Vectors>('vectors.json').vectors.map((vector) => [vector.name, vector]));
const list = (codes: string) => (codes === '' ? undefined : codes.split(','));

function signed(c: Case): string {
  const signer = createBunnySigner({
    securityKey: inputs.key,
    baseUrl: `${inputs.host}/`,
    tokenIn: c.isDirectory ? 'directory' : 'query',
    countries: list(c.countriesAllowed),
    blockedCountries: list(c.countriesBlocked),
    limit: c.speedLimit === 0 ? undefined : c.speedLimit,
    ignoreParams: c.ignoreParams,
  });
  return signer.signUrl({
    key: c.path,
    expiresAt: inputs.expires,
    clientIp: c.userIp === '' ? undefined : c.userIp,
    tokenPath: c.pathAllowed === '' ? undefined : c.pathAllowed,
  });
}

describe('bunny.net token authentication: the official e2e vectors', () => {
  it('has a vector for every input case, and no other', () => {
    expect([...expected.keys()]).to.deep.equal(inputs.cases.map((c) => c.name));
    expect(inputs.cases).to.have.length.above(10);
  });

  for (const c of inputs.cases) {
    it(`${c.name}: the signed URL and token, byte for byte`, () => {
      const vector = expected.get(c.name)!;
      const url = signed(c);
      expect(url).to.equal(vector.signedUrl);
      expect(url).to.include(vector.token);
    });

    it(`${c.name}: the verifier accepts the vector's URL, from the case's address and country`, () => {
      const vector = expected.get(c.name)!;
      const result = verifyBunnyUrl(vector.signedUrl, {
        securityKey: inputs.key,
        now: () => (inputs.expires - 60) * 1000,
        clientIp: c.userIp === '' ? undefined : c.userIp,
        countryCode: c.countryCode,
      });
      expect(result, JSON.stringify(result)).to.include({ ok: true, ipLocked: c.userIp !== '' });
    });
  }
});
