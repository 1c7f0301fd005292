import { expect } from 'chai';
import fc from 'fast-check';
import { join, normalize, sep } from 'node:path';
import { fileUnderRoot, hasDotSegment, isInside } from '../../src/map-key.js';

const ROOT = '/srv/files';

describe('fileUnderRoot (the path → file mapping)', () => {
  it('maps the key under root, segment by segment, as Nginx’s alias does', () => {
    expect(fileUnderRoot(ROOT, 'books/moby dick.pdf')).to.equal('/srv/files/books/moby dick.pdf');
    expect(fileUnderRoot(ROOT, '100%.txt')).to.equal('/srv/files/100%.txt');
    expect(fileUnderRoot(ROOT, '%2e%2e/x')).to.equal('/srv/files/%2e%2e/x');
    expect(fileUnderRoot('/', 'etc/x')).to.equal('/etc/x');
  });

  const refused = {
    'a .. segment': '../etc/passwd',
    'a .. segment further in': 'books/../../etc/passwd',
    'a bare ..': '..',
    'a . segment': 'books/./a.pdf',
    'an empty key (the root itself)': '',
    'a trailing slash (a folder)': 'books/',
    'an empty segment': 'books//a.pdf',
    'a leading slash': '/etc/passwd',
    'a NUL': 'a.pdf\u0000.txt',
    'a backslash': 'books\\..\\..\\etc\\passwd',
    'a newline': 'a\nb',
    'DEL': 'a\u007fb',
  };
  for (const [what, key] of Object.entries(refused)) {
    it(`SECURITY: refuses ${what}`, () => {
      expect(fileUnderRoot(ROOT, key)).to.equal(undefined);
    });
  }

  it('SECURITY: never names anything but a normalised path strictly below root, whatever the key (property)', () => {
    const alphabet = fc.constantFrom('a', 'b', '.', '..', '/', '\\', '%', '2e', '%2e', '%2f', '\u0000', ' ', '~', '\u00e9', '\ud83d\ude00');
    const key = fc.oneof(fc.string({ unit: 'binary' }), fc.array(alphabet, { maxLength: 12 }).map((parts) => parts.join('')));
    const root = fc.constantFrom('/srv/files', '/', '/srv/a b', '/srv/..files');
    fc.assert(fc.property(root, key, (base, value) => {
      const path = fileUnderRoot(base, value);
      if (path === undefined) return;
      expect(isInside(base, path), `${JSON.stringify(value)} → ${path}`).to.equal(true);
      expect(path.startsWith(base === sep ? sep : `${base}${sep}`)).to.equal(true);
      expect(normalize(path)).to.equal(path);
      expect(path).to.equal(join(base, value));
      expect(path.includes('\u0000')).to.equal(false);
    }), { numRuns: 2000 });
  });
});

describe('isInside', () => {
  it('is true strictly below root only', () => {
    expect(isInside('/srv/files', '/srv/files/a')).to.equal(true);
    expect(isInside('/srv/files', '/srv/files/..a')).to.equal(true);
    expect(isInside('/srv/files', '/srv/files')).to.equal(false);
    expect(isInside('/srv/files', '/srv/files-other/a')).to.equal(false);
    expect(isInside('/srv/files', '/srv/a')).to.equal(false);
    expect(isInside('/', '/etc')).to.equal(true);
  });
});

describe('hasDotSegment', () => {
  it('finds a dotfile or a dot folder at any depth', () => {
    expect(hasDotSegment('.env')).to.equal(true);
    expect(hasDotSegment('a/.git/config')).to.equal(true);
    expect(hasDotSegment('a/b.txt')).to.equal(false);
  });
});
