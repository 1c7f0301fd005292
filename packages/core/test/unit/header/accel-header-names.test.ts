import { expect } from 'chai';
import fc from 'fast-check';
import { isAccelHeader } from '../../../src/header/accel-header-names.js';

describe('isAccelHeader', () => {
  it('recognises X-Accel-*, X-Sendfile* and X-LIGHTTPD-* in any case', () => {
    for (const name of ['X-Accel-Redirect', 'x-accel-expires', 'X-ACCEL-LIMIT-RATE', 'X-Sendfile', 'x-sendfile-type', 'X-LIGHTTPD-send-file', 'x-lighttpd-send-tempfile']) {
      expect(isAccelHeader(name), name).to.equal(true);
    }
  });

  it('leaves other headers alone, including near misses', () => {
    for (const name of ['Location', 'X-Accel', 'X-Accelerate', 'X-Send', 'Accel-Redirect', 'Y-Accel-Redirect', 'X-Lighttpd', 'content-type', '']) {
      expect(isAccelHeader(name), name).to.equal(false);
    }
  });

  it('agrees with a plain regex on arbitrary names', () => {
    const reference = /^(x-accel-|x-sendfile|x-lighttpd-)/i;
    fc.assert(fc.property(fc.oneof(fc.string(), fc.constantFrom('X-Accel-', 'x-sendfile', 'X-LIGHTTPD-').chain((p) => fc.string().map((s) => p + s))), (name) => {
      expect(isAccelHeader(name)).to.equal(reference.test(name));
    }));
  });
});
