import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { LOCATION_FIELDS, SECRET_FIELDS, TOP_LEVEL_FIELDS } from '../../../src/config/fields.js';

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

  it('is shipped in the package and exported', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { files: string[]; exports: Record<string, unknown> };
    expect(manifest.files).to.include('schema');
    expect(manifest.exports).to.have.property('./schema/cdn-accel.schema.json');
  });
});
