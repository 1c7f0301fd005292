import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { createAccel } from '@cdn-accel/core';
import { schemaValidator } from '../../../../../test/docs/json-schemas.js';
import { buildConfig } from '../../../src/config/load-config.js';
import { schema } from './config-support.js';

const location = { type: 's3', bucket: 'acme-files', region: 'eu-west-1' };

describe('cdn-accel.json: @name locations', () => {
  it('the schema takes "@name" keys beside prefixes, and refuses other shapes', () => {
    const validate = schemaValidator(schema);
    expect(validate({ locations: { '/protected/': location, '@files': location, '@files_v2-b': location } })).to.deep.equal([]);
    for (const key of ['@', '@a/b', '@a b', 'files']) expect(validate({ locations: { [key]: location } }), key).not.to.deep.equal([]);
  });

  it('loads a named location into an engine that serves it', async () => {
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const config = buildConfig({ locations: { '@files': { type: 'cloudfront', url: 'https://d1.cloudfront.net/f/', keyPairId: 'K1', privateKey: { env: 'CF_KEY' } } } }, '.', { CF_KEY: privateKey });
    const accel = createAccel({ locations: config.locations, cache: false });
    expect(accel.locations).to.deep.equal(['@files']);
    const decision = await accel.decide({ method: 'GET', url: '/a/b.pdf?v=1' }, { getHeader: (name) => (name === 'x-accel-redirect' ? '@files' : undefined) });
    expect(decision.kind).to.equal('redirect');
    expect((decision as { headers: Array<[string, string]> }).headers[0]?.[1]).to.match(/^https:\/\/d1\.cloudfront\.net\/f\/a\/b\.pdf\?Expires=/);
  });

  it('refuses a "signed" location under an @name key at startup, naming it and the fix', () => {
    const config = buildConfig({ locations: { '@s3': { type: 'signed', hosts: ['bucket.s3.amazonaws.com'] } } }, '.', {});
    expect(() => createAccel({ locations: config.locations })).to.throw(/locations\['@s3'\].*prefix location/).with.property('code', 'ERR_ACCEL_CONFIG');
  });
});
