import { expect } from 'chai';
import { nginxUri, uriOfKey } from '../../../src/secure-link/nginx-uri.js';

const uri = (path: string) => nginxUri(path)?.toString('latin1');

describe('nginxUri', () => {
  it('percent-decodes once, into bytes (valid UTF-8 or not)', () => {
    expect(nginxUri('/books/moby%20dick%E2%98%83.pdf')?.toString('utf8')).to.equal('/books/moby dick☃.pdf');
    expect(uri('/a%25252F')).to.equal('/a%252F');
    expect(nginxUri('/x%FF')).to.deep.equal(Buffer.from([0x2f, 0x78, 0xff]));
    expect(uri('/q%3Fx%23y+z')).to.equal('/q?x#y+z');
  });

  it('merges runs of slashes and resolves dot segments, decoded ones too', () => {
    expect(uri('/a//b///c')).to.equal('/a/b/c');
    expect(uri('/a/./b/../c')).to.equal('/a/c');
    expect(uri('/a/%2e%2E/b')).to.equal('/b');
    expect(uri('/a%2F%2Fb')).to.equal('/a/b');
    expect(uri('/a/b/..')).to.equal('/a/');
    expect(uri('/a/.')).to.equal('/a/');
  });

  it('undefined where Nginx answers 400', () => {
    for (const bad of ['/a%zz', '/a%2', '/%00', '/..', '/a/../..', 'relative']) expect(nginxUri(bad), bad).to.equal(undefined);
  });
});

describe('uriOfKey', () => {
  it('is the decoded base path and the raw key, with slashes merged', () => {
    expect(uriOfKey('/protected/', 'books/moby dick.pdf')).to.equal('/protected/books/moby dick.pdf');
    expect(uriOfKey('/protected/', 'a//b')).to.equal('/protected/a/b');
  });
});
