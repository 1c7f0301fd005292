import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its plugin is on `default` of what an ES module imports.
const addFormats = addFormatsModule.default;

/** A JSON Schema (draft 2020-12) as a function that lists what is wrong with a value (nothing: valid). */
export function schemaValidator(schema: object): (value: unknown) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${error.params === undefined ? '' : ` ${JSON.stringify(error.params)}`}`));
}
