import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { schemaValidator } from '../../../../../test/docs/json-schemas.js';
import { LOCATION_FIELDS, LOCATION_TYPES, SECRET_FIELDS, TOP_LEVEL_FIELDS } from '../../../src/config/fields.js';

interface ObjectSchema {
  properties: Record<string, unknown>;
  $defs: Record<string, { properties: Record<string, unknown> }>;
}

const schema = JSON.parse(readFileSync(new URL('../../../schema/cdn-accel.schema.json', import.meta.url), 'utf8')) as ObjectSchema;

describe('cdn-accel.schema.json', () => {
  it('lists exactly the top-level fields the loader accepts', () => {
    expect(Object.keys(schema.properties).sort()).to.deep.equal([...TOP_LEVEL_FIELDS].sort());
  });

  for (const type of LOCATION_TYPES) {
    it(`lists exactly the fields of a "${type}" location`, () => {
      expect(Object.keys(schema.$defs[type]?.properties ?? {}).sort()).to.deep.equal([...LOCATION_FIELDS[type]].sort());
    });
  }

  it('takes every secret field only as { "file" } or { "env" }, as the loader does', () => {
    const refs = new Map<string, string[]>();
    const walk = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      for (const [key, item] of Object.entries(value)) {
        const ref = (item as { $ref?: unknown } | null)?.$ref;
        if (SECRET_FIELDS.has(key) && typeof ref === 'string') refs.set(key, [...(refs.get(key) ?? []), ref]);
        walk(item);
      }
    };
    walk(schema.$defs);
    expect([...refs.keys()].sort()).to.deep.equal([...SECRET_FIELDS.keys()].sort());
    for (const [field, used] of refs) expect(new Set(used), field).to.deep.equal(new Set(['#/$defs/secretReference']));
    const { oneOf } = schema.$defs.secretReference as unknown as { oneOf: Array<{ type: string; required: string[] }> };
    expect(oneOf.map((choice) => [choice.type, ...choice.required])).to.deep.equal([['object', 'file'], ['object', 'env']]);
  });

  it('accepts a location of each provider type and refuses an inline secret or a mode the provider lacks', () => {
    const validate = schemaValidator(schema);
    const valid: Record<string, unknown> = {
      '/cf/': { type: 'cloudfront', url: 'https://d1.cloudfront.net/', keyPairId: 'K1', privateKey: { file: 'cf.pem' } },
      '/s3/': { type: 's3', bucket: 'b-1', region: 'eu-west-1' },
      '/cdn/': { type: 'google-cdn', url: 'https://media.example.com/', keyName: 'key-1', key: { file: 'key.txt' }, mode: 'cookies', cookie: { domain: '.example.com' } },
      '/rot/': { type: 'google-cdn', url: 'https://media.example.com/', keys: [{ keyName: 'key-2', key: { env: 'K2' } }, { keyName: 'key-1', key: { env: 'K1' } }], activeKeyName: 'key-2' },
      '/gcs/': { type: 'gcs', bucket: 'b-1', prefix: 'pdf/', serviceAccountKey: { file: 'sa.json' }, carryHeaders: { contentType: true } },
      '/hmac/': { type: 'gcs', bucket: 'b-1', hmacKey: { accessId: 'GOOG1EXAMPLE', secret: { env: 'GCS_HMAC_SECRET' } }, mode: 'stream' },
      '/bunny/': { type: 'bunny', url: 'https://myzone.b-cdn.net/', securityKey: { env: 'BUNNY' }, tokenIn: 'directory', scope: 'folder', countries: ['DE'] },
      '/nginx/': { type: 'secure-link', url: 'https://files.example.com/p/', secureLinkMd5: '$secure_link_expires$uri $secret', secret: { file: 'secret.txt' } },
    };
    expect(validate({ locations: valid })).to.deep.equal([]);
    const invalid: Array<Record<string, unknown>> = [
      { type: 'google-cdn', url: 'https://media.example.com/', keyName: 'key-1', key: 'nZtRohdNF9m3cKM24IcK4w==' },
      { type: 'google-cdn', url: 'https://media.example.com/' },
      { type: 'gcs', bucket: 'b-1', serviceAccountKey: { file: 'sa.json' }, mode: 'cookies' },
      { type: 'gcs', bucket: 'b-1', serviceAccountKey: { file: 'sa.json' }, carryHeaders: { cacheControl: true } },
      { type: 'gcs', bucket: 'b-1', hmacKey: { accessId: 'GOOG1EXAMPLE', secret: 'inline' } },
      { type: 'bunny', url: 'https://myzone.b-cdn.net/', securityKey: 'inline' },
      { type: 'bunny', url: 'https://myzone.b-cdn.net/', securityKey: { env: 'B' }, mode: 'cookies' },
      { type: 'secure-link', url: 'https://files.example.com/', secureLinkMd5: '$uri', secret: 'inline' },
    ];
    for (const location of invalid) expect(validate({ locations: { '/p/': location } }), JSON.stringify(location)).not.to.deep.equal([]);
  });

  it('is shipped in the package and exported', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { files: string[]; exports: Record<string, unknown> };
    expect(manifest.files).to.include('schema');
    expect(manifest.exports).to.have.property('./schema/cdn-accel.schema.json');
  });
});
