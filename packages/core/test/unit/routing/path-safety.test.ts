import { expect } from 'chai';
import { assertSafePath } from '../../../src/routing/path-safety.js';

describe('assertSafePath', () => {
  it('accepts plain absolute paths with unicode and spaces', () => {
    for (const path of ['/a', '/a/b.txt', '/a/moby dick.pdf', '/a/été/😀.png', '/a/...', '/a/.hidden', '/a/..x']) assertSafePath(path);
  });
  // SECURITY: each of these escapes a prefix, splits a header, or is read differently downstream.
  it('refuses dot and empty segments, controls, backslashes, lone surrogates and non-absolute paths', () => {
    for (const path of ['', 'a', '//a', '/a//b', '/a/', '/a/.', '/a/..', '/./a', '/a/\u0000', '/a/\u001f', '/a/\u007f', '/a\\b', '/a/\uDC00', '/a/\uD800b']) {
      expect(() => assertSafePath(path), JSON.stringify(path)).to.throw().with.property('code', 'ERR_ACCEL_UNSAFE_PATH');
    }
  });
});
