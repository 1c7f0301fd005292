import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

// The examples are not part of `tsc -b` (they are apps, not published packages): check them here so a change
// in a package's API that breaks an example fails the suite.
describe('examples type-check against the package sources', function () {
  this.timeout(120_000);
  for (const example of ['common', 'koa', 'express']) {
    it(`examples/${example}`, () => {
      const result = spawnSync(process.execPath, [tsc, '-p', path.join(repoRoot, 'examples', example), '--noEmit'], { encoding: 'utf8' });
      expect(result.status, `${result.stdout}${result.stderr}`).to.equal(0);
    });
  }
});
