import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { files } from '@cdn-accel/files';
import { schemaValidator } from '../../../../../test/docs/json-schemas.js';
import { buildConfig } from '../../../src/config/load-config.js';
import { schema, failure } from './config-support.js';

describe('limitRate, limitRateAfter, expires and addHeaders in cdn-accel.json', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cdn-accel-stream-options-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const options = { limitRate: 102400, limitRateAfter: 1048576, expires: 3600, addHeaders: { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': { value: "default-src 'none'", always: true } } };

  it('builds stream and files locations that carry them, valid against the schema', () => {
    const config = {
      locations: {
        '/internal/s3/': { type: 'signed', hosts: ['bucket.example'], mode: 'stream', ...options },
        '/protected/': { type: 'files', root, ...options, expires: 'epoch' },
      },
    };
    expect(schemaValidator(schema)(config)).to.deep.equal([]);
    expect(schemaValidator(schema)({ locations: { '/s3/': { type: 's3', bucket: 'b-1', region: 'eu-west-1', mode: 'stream', expires: -1 } } })).to.deep.equal([]);
    const loaded = buildConfig(config, '.', {}, { files });
    expect(loaded.locations['/internal/s3/']?.streamSettings).to.deep.equal({
      limitRate: 102400,
      limitRateAfter: 1048576,
      headers: { expires: 3600, add: [['X-Content-Type-Options', 'nosniff', false], ['Content-Security-Policy', "default-src 'none'", true]] },
    });
    expect(loaded.locations['/protected/']?.streamSettings?.headers?.expires).to.equal('epoch');
  });

  it('the schema refuses what the factories refuse: a redirect location, a forbidden or malformed name, a value with a line break', () => {
    const validate = schemaValidator(schema);
    const invalid = [
      { type: 'signed', hosts: ['bucket.example'], addHeaders: { 'X-A': 'b' } },
      { type: 's3', bucket: 'b-1', region: 'eu-west-1', mode: 'redirect', limitRate: 1 },
      { type: 'files', root, addHeaders: { 'Content-Length': '5' } },
      { type: 'files', root, addHeaders: { 'x-accel-redirect': '/a' } },
      { type: 'files', root, addHeaders: { 'set-cookie': 'a=1' } },
      { type: 'files', root, addHeaders: { 'X A': 'b' } },
      { type: 'files', root, addHeaders: { 'X-A': 'b\r\nX-B: c' } },
      { type: 'files', root, addHeaders: { 'X-A': { value: 'b', sometimes: true } } },
      { type: 'files', root, expires: '1h' },
      { type: 'files', root, limitRate: -5 },
    ];
    for (const entry of invalid) expect(validate({ locations: { '/p/': entry } }), JSON.stringify(entry)).not.to.deep.equal([]);
  });

  it('names the location and the field in the factories\' errors, with the fix', () => {
    expect(failure(() => buildConfig({ locations: { '/p/': { type: 'signed', hosts: ['bucket.example'], expires: 60 } } }, '.', {}))).to.match(
      /^locations\["\/p\/"\]\.expires: applies where cdn-accel serves the bytes \(mode: 'stream'\), and this location's mode is 'redirect'\. Set these headers or limits in the CDN/,
    );
    expect(failure(() => buildConfig({ locations: { '/p/': { type: 'files', root, addHeaders: { 'Transfer-Encoding': 'chunked' } } } }, '.', {}, { files }))).to.equal(
      'locations["/p/"].addHeaders["Transfer-Encoding"]: Transfer-Encoding may not be added by a location. Leave it out: cdn-accel and the HTTP server set it',
    );
  });
});
