import { expect } from 'chai';
import { apiReport, reportedPackages } from '../../scripts/api-report.js';
import { root, run } from './tarballs.js';

// Every export of a published package is a promise to its users: the committed report (packages/<folder>/etc/)
// makes each change to it visible in review.
describe('packaging: the public API reports', function () {
  this.timeout(120_000);

  before(async () => {
    await run('pnpm', ['build'], { cwd: root });
  });

  for (const folder of reportedPackages) {
    it(`packages/${folder}/etc/ matches the built declarations, and every type they use is exported`, () => {
      const { changed, problems } = apiReport(folder, false);
      expect(problems, 'API Extractor warnings').to.deep.equal([]);
      if (changed) {
        throw new Error(`the public API of packages/${folder} differs from its report: if the change is meant, run \`pnpm api:report\` and commit packages/${folder}/etc/`);
      }
    });
  }
});
