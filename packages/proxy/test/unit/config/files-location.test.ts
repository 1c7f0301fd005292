import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schemaValidator } from '../../../../../test/docs/json-schemas.js';
import { files } from '@cdn-accel/files';
import { buildConfig } from '../../../src/config/load-config.js';
import { loadOptionalTargets } from '../../../src/config/optional-targets.js';
import { schema, failure } from './config-support.js';

describe('"type": "files" locations in cdn-accel.json', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cdn-accel-files-config-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('builds the files() target, valid against the schema', () => {
    const config = {
      locations: {
        '/protected/': { type: 'files', root: `${root}/` },
        '/media/': { type: 'files', root, followSymlinks: true, dotfiles: 'allow', contentType: 'app', mode: 'stream' },
      },
    };
    expect(schemaValidator(schema)(config)).to.deep.equal([]);
    const loaded = buildConfig(config, '.', {}, { files });
    expect(loaded.locations['/protected/']).to.include({ kind: 'files', mode: 'stream' });
    expect(loaded.locations['/media/']?.carry.contentType).to.equal(true);
  });

  it('the schema refuses what the factory refuses: no root, a relative root, another mode, an unknown option', () => {
    const validate = schemaValidator(schema);
    const invalid = [
      { type: 'files' },
      { type: 'files', root: 'media/' },
      { type: 'files', root, mode: 'redirect' },
      { type: 'files', root, dotfiles: 'deny' },
      { type: 'files', root, expiresIn: 60 },
    ];
    for (const entry of invalid) expect(validate({ locations: { '/p/': entry } }), JSON.stringify(entry)).not.to.deep.equal([]);
  });

  it('names the location and field in the factory errors, with the fix', () => {
    expect(failure(() => buildConfig({ locations: { '/p/': { type: 'files', root: 'media/' } } }, '.', {}, { files }))).to.match(
      /^locations\["\/p\/"\]\.root: "media\/" is a relative path; .*\. Give the absolute path of an existing folder/,
    );
    expect(failure(() => buildConfig({ locations: { '/p/': { type: 'files', root: join(root, 'missing') } } }, '.', {}, { files }))).to.match(
      /^locations\["\/p\/"\]\.root: ".*missing" cannot be read \(ENOENT\)\. Create the folder, or fix the path/,
    );
    expect(failure(() => buildConfig({ locations: { '/p/': { type: 'files', root, mode: 'redirect' } } }, '.', {}, { files }))).to.match(
      /^locations\["\/p\/"\]\.mode: local files have no 'redirect' mode; their only mode is 'stream'\. Leave mode out/,
    );
    expect(failure(() => buildConfig({ locations: { '/p/': { type: 'files', root, expiresIn: 60 } } }, '.', {}, { files }))).to.match(/^locations\["\/p\/"\]\.expiresIn: is not an option of a "files" location/);
  });

  it('loads @cdn-accel/files only for a config that has a files location', async () => {
    expect(await loadOptionalTargets({ '/p/': { type: 'cloudfront' }, '/q/': null })).to.deep.equal({});
    const loaded = await loadOptionalTargets({ '/p/': { type: 'cloudfront' }, '/q/': { type: 'files', root } });
    expect(loaded.files?.({ root })).to.include({ kind: 'files', mode: 'stream' });
  });

  it('without @cdn-accel/files, a files location stops the startup naming the field and what to install', () => {
    expect(failure(() => buildConfig({ locations: { '/protected/': { type: 'files', root } } }, '.', {}))).to.equal(
      'locations["/protected/"].type: "files" locations are served by @cdn-accel/files, a package of its own that is not installed. Install it next to the proxy: npm install @cdn-accel/files',
    );
  });
});
