import { expect } from 'chai';
import { schemaValidator } from '../../../../../test/docs/json-schemas.js';
import { buildConfig } from '../../../src/config/load-config.js';
import { schema, failure } from './config-support.js';

describe('"type": "signed" locations in cdn-accel.json', () => {
  const location = { type: 'signed', hosts: ['my-bucket.s3.eu-west-1.amazonaws.com', '*.s3.amazonaws.com'], mode: 'stream' };

  it('builds the signed() target, valid against the schema', () => {
    const config = { locations: { '/internal/s3/': location, '/internal/local/': { type: 'signed', hosts: ['127.0.0.1:9000'], protocol: 'http', cacheControl: 'no-store' } } };
    expect(schemaValidator(schema)(config)).to.deep.equal([]);
    const loaded = buildConfig(config, '.', {});
    expect(loaded.locations['/internal/s3/']).to.include({ kind: 'signed', mode: 'stream', origin: 'https://my-bucket.s3.eu-west-1.amazonaws.com' });
    expect(loaded.locations['/internal/local/']).to.include({ kind: 'signed', mode: 'redirect', origin: 'http://127.0.0.1:9000', redirectCacheControl: 'no-store' });
  });

  it('the schema refuses what the factory refuses: no hosts, a cookie mode, a lifetime, another protocol, an upper-case host', () => {
    const validate = schemaValidator(schema);
    const invalid = [
      { type: 'signed' },
      { type: 'signed', hosts: [] },
      { ...location, mode: 'cookies' },
      { ...location, expiresIn: 60 },
      { ...location, protocol: 'ftp' },
      { type: 'signed', hosts: ['Bucket.example.com'] },
      { type: 'signed', hosts: ['https://bucket.example.com'] },
    ];
    for (const entry of invalid) expect(validate({ locations: { '/p/': entry } }), JSON.stringify(entry)).not.to.deep.equal([]);
  });

  it('names the location and field in the factory errors', () => {
    expect(failure(() => buildConfig({ locations: { '/p/': { ...location, mode: 'cookies' } } }, '.', {}))).to.equal(
      "locations[\"/p/\"].mode: A signed() location has no 'cookies' mode; its modes are 'redirect' and 'stream'. Use 'redirect' or 'stream' ('redirect' is the default); the app signed its URL, so there is nothing to put in a cookie",
    );
    expect(failure(() => buildConfig({ locations: { '/p/': { type: 'signed', hosts: ['2130706433'] } } }, '.', {}))).to.match(/^locations\["\/p\/"\]\.hosts\[0\]: "2130706433" is not a host name or a canonical IP address/);
    expect(failure(() => buildConfig({ locations: { '/p/': { ...location, expiresIn: 60 } } }, '.', {}))).to.match(/^locations\["\/p\/"\]\.expiresIn: is not an option of a "signed" location/);
    expect(failure(() => buildConfig({ locations: { '/p/': { type: 'signed', hosts: ['*.s3.amazonaws.com'], protocol: 'http' } } }, '.', {}))).to.match(/wildcards are refused with protocol 'http'/);
  });

  it('form "url" (GOV.UK\'s <prefix>https://<host>/<path>) reaches the factory; the schema and the factory refuse any other form', () => {
    const config = { locations: { '/cloud-storage-proxy/': { ...location, form: 'url' } } };
    expect(schemaValidator(schema)(config)).to.deep.equal([]);
    expect(buildConfig(config, '.', {}).locations['/cloud-storage-proxy/']).to.include({ kind: 'signed', keyScheme: 'https' });
    expect(schemaValidator(schema)({ locations: { '/p/': { ...location, form: 'path' } } })).not.to.deep.equal([]);
    expect(failure(() => buildConfig({ locations: { '/p/': { ...location, form: 'path' } } }, '.', {}))).to.match(/^locations\["\/p\/"\]\.form: expected 'host' or 'url', got /);
  });
});
