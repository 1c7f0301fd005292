import { expect } from 'chai';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolvePath } from '../../src/resolve-path.js';

describe('dev-cdn resolvePath', () => {
  let base: string;
  let root: string;

  before(() => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'dev-cdn-resolve-')));
    root = path.join(base, 'root');
    mkdirSync(path.join(root, 'books'), { recursive: true });
    writeFileSync(path.join(root, 'books', 'moby dick.pdf'), 'pdf');
    writeFileSync(path.join(base, 'secret.txt'), 'secret');
    symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'escape.txt'));
    symlinkSync(path.join(root, 'books', 'moby dick.pdf'), path.join(root, 'inside.pdf'));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('decodes once and finds the file', async () => {
    const resolved = await resolvePath(root, '/books/moby%20dick.pdf');
    expect(resolved).to.include({ key: '/books/moby dick.pdf', file: path.join(root, 'books', 'moby dick.pdf') });
  });

  it('reports missing files and folders as missing', async () => {
    expect(await resolvePath(root, '/books/none.pdf')).to.deep.equal({ kind: 'missing', key: '/books/none.pdf' });
    expect(await resolvePath(root, '/books')).to.deep.equal({ kind: 'missing', key: '/books' });
  });

  for (const attack of ['/../secret.txt', '/books/%2e%2e/%2e%2e/secret.txt', '/books/..%2f..%2fsecret.txt', '/./books/moby%20dick.pdf', '/books%5c..%5c..%5csecret.txt', '/books/a%00.pdf', '/%E0%A4%A', 'books/x']) {
    it(`SECURITY: refuses ${attack}`, async () => {
      expect(await resolvePath(root, attack)).to.have.property('kind', 'unsafe');
    });
  }

  it('SECURITY: refuses a symbolic link that leads outside the root, follows one that stays inside', async () => {
    expect(await resolvePath(root, '/escape.txt')).to.deep.equal({ kind: 'unsafe', reason: 'symbolic link leads outside the root' });
    expect(await resolvePath(root, '/inside.pdf')).to.have.property('file', path.join(root, 'books', 'moby dick.pdf'));
  });
});
