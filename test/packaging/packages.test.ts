import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packedTarballs, root, run } from './tarballs.js';

// Installs the packed tarballs into a fresh project, the way a user gets them from npm, and
// imports them with Node's own resolution (no "source" condition, no tsx): ESM, require(), types, bin.
const expectedExports: Record<string, string[]> = {
  '@cdn-accel/core': ['createAccel', 'cloudfront', 's3', 'createCloudFrontSigner', 'createS3Presigner', 'verifyCloudFrontUrl', 'AccelError'],
  '@cdn-accel/koa': ['koaAccel'],
  '@cdn-accel/express': ['expressAccel'],
  '@cdn-accel/dev-cdn': ['createDevCdn', 'ensureDevKeys', 'writeSampleMedia', 'SAMPLE_MEDIA'],
  '@cdn-accel/files': ['files'],
  '@cdn-accel/proxy': ['createAccelProxy', 'runCli'],
};

async function node(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, args, { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
  return stdout;
}

describe('packaging: the built packages from a fresh project', function () {
  this.timeout(240_000);
  let project = '';

  before(async () => {
    const tarballs = (await packedTarballs()).map(({ tarball }) => tarball);
    project = await mkdtemp(join(tmpdir(), 'cdn-accel-packaging-'));
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'fresh', private: true }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '@types/node@22', ...tarballs], { cwd: project });
  });

  after(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  for (const [name, names] of Object.entries(expectedExports)) {
    it(`imports ${name} as ESM`, async () => {
      const out = await node(project, ['--input-type=module', '-e', `const m = await import('${name}'); console.log(JSON.stringify(Object.keys(m)))`]);
      expect(JSON.parse(out)).to.include.members(names);
    });

    it(`requires ${name} from CommonJS, without a warning`, async () => {
      const { stdout, stderr } = await run(process.execPath, ['--input-type=commonjs', '-e', `console.log(JSON.stringify(Object.keys(require('${name}'))))`], {
        cwd: project,
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      expect(JSON.parse(stdout)).to.include.members(names);
      expect(stderr).to.equal('');
    });
  }

  // index.cts is a CommonJS module: its imports compile to require(), which TypeScript (5.8 and later, module
  // NodeNext) types as require(esm), the way Node.js loads them.
  it('type-checks an import of every package through the exports map, from ESM and from CommonJS', async () => {
    const source = Object.entries(expectedExports)
      .map(([name, names], index) => `import { ${names.join(', ')} } from '${name}';\nexport const used${index} = [${names.join(', ')}];`)
      .join('\n');
    await writeFile(join(project, 'index.ts'), source);
    await writeFile(join(project, 'index.cts'), source);
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] },
        files: ['index.ts', 'index.cts'],
      }),
    );
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'fresh', private: true, type: 'module' }));
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', project], { cwd: project }).catch((error: { stdout?: string }) => {
      throw new Error(`tsc found type errors in the published declarations:\n${error.stdout ?? ''}`);
    });
  });

  it('installs the cdn-accel bin', async () => {
    const out = await node(project, [join(project, 'node_modules/.bin/cdn-accel'), '--help']);
    expect(out).to.contain('Usage: cdn-accel <command>');
  });
});
