import { expect } from 'chai';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { root, runScript, type Outcome } from './tarballs.js';

// packages/proxy/bin/cdn-accel.js, the `cdn-accel` command, copied into a package folder of its own so that each
// layout can be laid out: a checkout (tsconfig.json, sources), the published package (dist/ only), a broken one.
// The folder sits inside packages/proxy so that semver and tsx resolve as they do for the real file.
const launcher = join(root, 'packages/proxy/bin/cdn-accel.js');

function cdnAccel(folder: string, args: string[]): Promise<Outcome> {
  return runScript(join(folder, 'bin/cdn-accel.js'), args, folder);
}

describe('packaging: the cdn-accel launcher', function () {
  this.timeout(60_000);
  let folder = '';

  beforeEach(async () => {
    await mkdir(join(root, 'packages/proxy/.tmp'), { recursive: true });
    folder = await mkdtemp(join(root, 'packages/proxy/.tmp/launcher-'));
    const { engines } = JSON.parse(await readFile(join(root, 'packages/proxy/package.json'), 'utf8')) as { engines: unknown };
    await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'launcher-under-test', type: 'module', engines }));
    await mkdir(join(folder, 'bin'));
    await copyFile(launcher, join(folder, 'bin/cdn-accel.js'));
    await mkdir(join(folder, 'dist/cli'), { recursive: true });
    await writeFile(join(folder, 'dist/cli/bin.js'), `console.log('dist', process.argv.slice(2).join(' '));\n`);
    // TypeScript syntax (runs only through tsx), and the "source" condition's answer for a workspace package.
    await mkdir(join(folder, 'src/cli'), { recursive: true });
    await writeFile(join(folder, 'src/cli/bin.ts'), `const core: string = import.meta.resolve('@cdn-accel/core');\nconsole.log('source', core, process.argv.slice(2).join(' '));\n`);
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('the published layout (dist/, no tsconfig.json) runs dist/cli/bin.js with the arguments', async () => {
    expect(await cdnAccel(folder, ['sign', '--help'])).to.deep.equal({ code: 0, stdout: 'dist sign --help\n', stderr: '' });
  });

  it('a checkout (tsconfig.json beside package.json) runs the TypeScript sources, workspace packages from their sources', async () => {
    await writeFile(join(folder, 'tsconfig.json'), '{}\n');
    const { code, stdout, stderr } = await cdnAccel(folder, ['sign', '--help']);
    expect({ code, stderr }).to.deep.equal({ code: 0, stderr: '' });
    expect(stdout).to.match(/^source file:\/\/\S+\/packages\/core\/src\/index\.ts sign --help\n$/);
  });

  it('the real launcher runs the CLI in this checkout', async () => {
    const { code, stdout, stderr } = await cdnAccel(join(root, 'packages/proxy'), ['--help']);
    expect({ code, stderr }).to.deep.equal({ code: 0, stderr: '' });
    expect(stdout).to.contain('Usage: cdn-accel <command>');
  });

  it('without dist/ and outside a checkout: one line that names the fix, exit 1', async () => {
    await rm(join(folder, 'dist'), { recursive: true });
    const { code, stdout, stderr } = await cdnAccel(folder, ['--help']);
    expect({ code, stdout }).to.deep.equal({ code: 1, stdout: '' });
    expect(stderr.split('\n')).to.have.lengthOf(2);
    expect(stderr).to.contain('has no dist/ folder: build it with `pnpm build`');
  });

  it('on a Node.js version outside engines: one line that names the fix, before loading anything, exit 1', async () => {
    await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'launcher-under-test', type: 'module', engines: { node: '>=999' } }));
    await writeFile(join(folder, 'dist/cli/bin.js'), 'this is not JavaScript an old Node.js could parse\n');
    const { code, stdout, stderr } = await cdnAccel(folder, ['--help']);
    expect({ code, stdout }).to.deep.equal({ code: 1, stdout: '' });
    expect(stderr).to.equal(`cdn-accel: Node.js ${process.versions.node} is not supported (needs >=999): install Node.js 22, 24 or 26 and run it again.\n`);
  });
});
