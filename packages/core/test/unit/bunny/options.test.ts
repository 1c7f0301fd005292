import { expect } from 'chai';
import { createBunnySigner } from '../../../src/bunny/create-signer.js';
import type { BunnySignerOptions } from '../../../src/bunny/types.js';

const KEY = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const valid: BunnySignerOptions = { securityKey: KEY, baseUrl: 'https://myzone.b-cdn.net/' };

function configError(options: Partial<BunnySignerOptions> & Record<string, unknown>): { code: string; message: string } {
  try {
    createBunnySigner({ ...valid, ...options } as BunnySignerOptions);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected an ERR_ACCEL_CONFIG');
}

describe('createBunnySigner options', () => {
  it('accepts a pull zone key and a base URL, with or without a path', () => {
    expect(() => createBunnySigner(valid)).not.to.throw();
    const signer = createBunnySigner({ ...valid, baseUrl: 'https://cdn.example.com/media' });
    expect(signer.signUrl({ key: 'a.mp4', expiresAt: 2000000000 })).to.match(/^https:\/\/cdn\.example\.com\/media\/a\.mp4\?token=HS256-/);
  });

  describe('securityKey: names the field and the fix, and never shows the key', () => {
    const cases: Array<[unknown, RegExp]> = [
      [undefined, /securityKey: expected the key as a string, got nothing/],
      [42, /got the number 42/],
      [{ env: 'BUNNY_KEY' }, /got an object/],
      ['', /securityKey: is empty/],
      [`${KEY}\n`, /contains a line break/],
      [` ${KEY}`, /contains white space/],
      [`${KEY}é`, /outside printable ASCII/],
    ];
    for (const [securityKey, expected] of cases) {
      it(`${JSON.stringify(securityKey) ?? 'undefined'}`, () => {
        const error = configError({ securityKey: securityKey as string });
        expect(error.code).to.equal('ERR_ACCEL_CONFIG');
        expect(error.message).to.match(expected).and.to.include('URL Token Authentication Key');
        expect(error.message).not.to.include(KEY);
      });
    }
  });

  it('baseUrl: an absolute http(s) URL without query, fragment or credentials', () => {
    for (const baseUrl of ['myzone.b-cdn.net', 'ftp://myzone.b-cdn.net/', 'https://myzone.b-cdn.net/?a=1', 'https://myzone.b-cdn.net/#x', 'https://u:p@myzone.b-cdn.net/', 42]) {
      expect(configError({ baseUrl: baseUrl as string }).message, String(baseUrl)).to.match(/^baseUrl: expected an absolute https:\/\/ URL .*Use e\.g\. 'https:\/\/myzone\.b-cdn\.net\/'/);
    }
  });

  describe('countries and blockedCountries: ISO 3166-1 alpha-2 codes', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['a string instead of a list', 'US,CA', /^countries: expected a non-empty array of country codes, got the string "US,CA"\. Use e\.g\. \['CA', 'US'\]/],
      ['an empty list', [], /got an empty array/],
      ['three letters', ['USA'], /^countries\[0\]: expected a two-letter country code, got the string "USA"/],
      ['a number', ['US', 1], /^countries\[1\]: expected a two-letter country code, got the number 1/],
      ['the informal UK', ['UK'], /^countries\[0\]: "UK" is not the ISO 3166-1 code; use "GB"/],
      ['an old code', ['SU'], /use "RU"/],
      ['no such country', ['QQ'], /^countries\[0\]: "QQ" is not an ISO 3166-1 alpha-2 country code/],
      ['unknown region', ['ZZ'], /"ZZ" is not an ISO 3166-1 alpha-2 country code/],
      ['a duplicate', ['US', 'us'], /^countries\[1\]: "US" is listed twice/],
    ];
    for (const [what, countries, expected] of cases) {
      it(what, () => {
        const error = configError({ countries: countries as string[] });
        expect(error.code).to.equal('ERR_ACCEL_CONFIG');
        expect(error.message).to.match(expected);
      });
    }

    it('blockedCountries is checked the same way, and may not repeat an allowed country', () => {
      expect(configError({ blockedCountries: ['XX'] }).message).to.match(/^blockedCountries\[0\]: "XX" is not an ISO 3166-1/);
      expect(configError({ countries: ['CA', 'US'], blockedCountries: ['us'] }).message).to.match(/^blockedCountries: "US" is also in countries\. List a country in countries or in blockedCountries, not both$/);
    });

    it('lower case is taken as upper case', () => {
      const url = createBunnySigner({ ...valid, countries: ['ca', 'us'] }).signUrl({ key: 'a', expiresAt: 2000000000 });
      expect(url).to.include('&token_countries=CA%2CUS&');
    });
  });

  it('limit: a whole number of kB/s', () => {
    for (const limit of [0, -1, 1.5, '1000', Number.NaN]) {
      expect(configError({ limit: limit as number }).message, String(limit)).to.match(/^limit: expected a whole number of kB\/s ≥ 1, got .*Use e\.g\. 1000/);
    }
  });

  it("tokenIn: 'query' or 'directory'", () => {
    expect(configError({ tokenIn: 'path' as 'query' }).message).to.match(/^tokenIn: expected 'query' or 'directory', got the string "path"/);
  });

  it('ignoreParams: a boolean, and not with countries or limit, which it would leave unsigned', () => {
    expect(configError({ ignoreParams: 'yes' as unknown as boolean }).message).to.match(/^ignoreParams: expected true or false/);
    for (const extra of [{ countries: ['US'] }, { blockedCountries: ['RU'] }, { limit: 100 }]) {
      expect(configError({ ignoreParams: true, ...extra }).message).to.match(/^ignoreParams: bunny\.net's signers leave countries, blockedCountries and limit out of a token_ignore_params token/);
    }
  });

  it('options: an object', () => {
    expect(() => createBunnySigner(null as unknown as BunnySignerOptions)).to.throw(/^options: expected an options object, got null/);
  });
});
