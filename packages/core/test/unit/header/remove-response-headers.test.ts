import { expect } from 'chai';
import { stripAccelHeaders, type RemovableHeaders } from '../../../src/index.js';
import { removeResponseHeaders } from '../../../src/internal.js';

/** A response's header store as Node keeps it: lower-case names. */
function response(names: string[]): RemovableHeaders & { names: string[] } {
  const store = new Set(names);
  return {
    get names() {
      return [...store];
    },
    getHeaderNames: () => [...store],
    removeHeader: (name) => {
      store.delete(name.toLowerCase());
    },
  };
}

describe('removeResponseHeaders', () => {
  it('removes every header but the one kept', () => {
    const res = response(['x-accel-redirect', 'set-cookie', 'content-type', 'x-custom']);
    removeResponseHeaders(res, 'set-cookie');
    expect(res.names).to.deep.equal(['set-cookie']);
  });

  it('removes every header when none is kept', () => {
    const res = response(['set-cookie', 'content-disposition']);
    removeResponseHeaders(res, undefined);
    expect(res.names).to.deep.equal([]);
  });
});

describe('stripAccelHeaders', () => {
  // SECURITY: internal paths in X-Accel-*, X-Sendfile* and X-LIGHTTPD-* never reach a client.
  it('removes the internal headers and only those', () => {
    const res = response(['x-accel-redirect', 'x-accel-expires', 'x-sendfile', 'x-sendfile-type', 'x-lighttpd-send-file', 'x-accelerated', 'content-type', 'x-custom']);
    stripAccelHeaders(res);
    expect(res.names).to.deep.equal(['x-accelerated', 'content-type', 'x-custom']);
  });
});
