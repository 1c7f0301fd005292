import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaValidator } from '../../../../../test/docs/json-schemas.js';
import { LOCATION_TYPES } from '../../../src/config/fields.js';
import { runCli } from '../../../src/index.js';
import { captureIo } from '../../helpers/capture-io.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/nginx/', import.meta.url));
const schema = JSON.parse(readFileSync(new URL('../../../schema/cdn-accel.schema.json', import.meta.url), 'utf8')) as object;
// UPDATE_GOLDEN=1 rewrites expected.json and expected-report.txt from what the command prints (review the diff).
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(FIXTURES, entry.name, 'nginx.conf')))
  .map((entry) => entry.name);

async function translate(dir: string, args: string[] = []): Promise<{ status: number; out: string; err: string }> {
  const io = captureIo({ cwd: dir });
  const status = await runCli(['from-nginx', 'nginx.conf', ...args], io);
  return { status, out: io.out, err: io.err };
}

describe('cdn-accel from-nginx: the fixtures and their expected config and report', () => {
  it('has at least six realistic configurations', () => {
    expect(cases).to.include.members(['zulip', 'odoo', 'govuk-asset-manager', 'alias-download', 'root-download', 'secure-link', 'cloudfront-s3', 'multi-file']);
  });

  for (const name of cases) {
    describe(name, () => {
      const dir = join(FIXTURES, name);

      it('produces the expected config (stdout) and report (stderr), exit 0', async () => {
        // A fixture's "flags" file holds the command-line flags it is translated with, one a line.
        const flags = existsSync(join(dir, 'flags')) ? readFileSync(join(dir, 'flags'), 'utf8').split('\n').filter((flag) => flag !== '') : [];
        const { status, out, err } = await translate(dir, flags);
        if (UPDATE) {
          writeFileSync(join(dir, 'expected.json'), out);
          writeFileSync(join(dir, 'expected-report.txt'), err);
        }
        expect(status, err).to.equal(0);
        expect(out).to.equal(readFileSync(join(dir, 'expected.json'), 'utf8'));
        expect(err).to.equal(readFileSync(join(dir, 'expected-report.txt'), 'utf8'));
      });

      it('produces a config valid against cdn-accel.schema.json', function () {
        const config = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { locations: Record<string, { type: string }> };
        const pending = Object.values(config.locations).map((location) => location.type).filter((type) => !(LOCATION_TYPES as readonly string[]).includes(type));
        // "files" and "signed" locations join the schema with their targets; until then their configs cannot validate.
        if (pending.length > 0) this.skip();
        expect(schemaValidator(schema)(config)).to.deep.equal([]);
      });
    });
  }

  it('writes --out only when the input is valid, and never leaves a partial file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdn-accel-from-nginx-'));
    try {
      const out = join(dir, 'cdn-accel.json');
      const io = captureIo({ cwd: join(FIXTURES, 'alias-download') });
      expect(await runCli(['from-nginx', 'nginx.conf', '--out', out], io)).to.equal(0);
      expect(io.out).to.equal('');
      expect(readFileSync(out, 'utf8')).to.equal(readFileSync(join(FIXTURES, 'alias-download', 'expected.json'), 'utf8'));
      const bad = captureIo({ cwd: join(FIXTURES, 'bad') });
      const fresh = join(dir, 'fresh.json');
      expect(await runCli(['from-nginx', 'unbalanced.conf', '--out', fresh], bad)).to.equal(2);
      expect(existsSync(fresh)).to.equal(false);
      expect(readdirSync(dir)).to.deep.equal(['cdn-accel.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
