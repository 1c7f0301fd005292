import { expect } from 'chai';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packedTarballs, published, root, run, tarballBytes, tarballEntries, tarballManifest, type Packed } from './tarballs.js';

// The tarballs as npm would publish them, checked by the two tools of the field. attw runs with the node16 profile
// (node16 from CommonJS and from ESM, and bundler resolution) and ignores exactly one rule: cjs-resolves-to-esm.
// The packages are ESM only; CommonJS consumers load them with require(esm), which every supported Node.js has, and
// which attw does not model yet. packages.test.ts require()s every package on the Node.js running the suite instead.
const attw = join(root, 'node_modules/.bin/attw');
const repository = 'https://github.com/cdn-accel/cdn-accel';

describe('packaging: the tarballs', function () {
  this.timeout(240_000);
  let tarballs: Packed[] = [];

  before(async () => {
    tarballs = await packedTarballs();
  });

  function tarballOf(name: string): Packed {
    const packed = tarballs.find((candidate) => candidate.name === name);
    if (packed === undefined) throw new Error(`${name} was not packed`);
    return packed;
  }

  for (const { folder, name } of published) {
    describe(name, () => {
      it('publint reports nothing, not even a suggestion', async () => {
        const { tarball } = tarballOf(name);
        const { messages, pkg } = await publint({ pack: { tarball: await tarballBytes(tarball) }, level: 'suggestion', strict: true });
        expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false })}`)).to.deep.equal([]);
      });

      it('attw reports nothing for node16 (CommonJS and ESM) and bundler resolution', async () => {
        const { tarball } = tarballOf(name);
        await run(attw, [tarball, '--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm', '--format', 'ascii', '--no-color']).catch(
          (error: { stdout?: string; stderr?: string }) => {
            throw new Error(`attw found problems in ${name}:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
          },
        );
      });

      it('carries LICENSE, README and CHANGELOG, and no build info, tests or configuration', async () => {
        const entries = await tarballEntries(tarballOf(name).tarball);
        expect(entries).to.include.members(['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/index.js', 'dist/index.d.ts']);
        expect(entries.filter((entry) => /(^|\/)(\.tsbuildinfo|tsconfig\.json|api-extractor\.json)$|^(test|etc)\//.test(entry))).to.deep.equal([]);
      });

      it('names its repository folder, home page, bug tracker, licence and public access', async () => {
        const manifest = await tarballManifest(tarballOf(name).tarball);
        expect(manifest).to.deep.include({
          name,
          license: 'MIT',
          homepage: `${repository}/tree/main/packages/${folder}#readme`,
          bugs: { url: `${repository}/issues` },
          repository: { type: 'git', url: `git+${repository}.git`, directory: `packages/${folder}` },
          publishConfig: { access: 'public' },
        });
        expect(manifest.keywords).to.be.an('array').that.is.not.empty;
        expect(JSON.stringify(manifest), 'workspace: ranges are replaced by versions').to.not.contain('workspace:');
      });
    });
  }
});
