import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { LOCATION_FIELDS, TOP_LEVEL_FIELDS } from '../../../src/config/fields.js';

interface ObjectSchema {
  properties: Record<string, unknown>;
  $defs: Record<string, { properties: Record<string, unknown> }>;
}

const schema = JSON.parse(readFileSync(new URL('../../../schema/cdn-accel.schema.json', import.meta.url), 'utf8')) as ObjectSchema;

describe('cdn-accel.schema.json', () => {
  it('lists exactly the top-level fields the loader accepts', () => {
    expect(Object.keys(schema.properties).sort()).to.deep.equal([...TOP_LEVEL_FIELDS].sort());
  });

  for (const type of ['cloudfront', 's3'] as const) {
    it(`lists exactly the fields of a "${type}" location`, () => {
      expect(Object.keys(schema.$defs[type]?.properties ?? {}).sort()).to.deep.equal([...LOCATION_FIELDS[type]].sort());
    });
  }

  it('is shipped in the package and exported', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { files: string[]; exports: Record<string, unknown> };
    expect(manifest.files).to.include('schema');
    expect(manifest.exports).to.have.property('./schema/cdn-accel.schema.json');
  });
});
