import { expect } from 'chai';
import { responseOverridesQuery } from '../../../src/s3/response-headers.js';

describe('s3/response-headers', () => {
  it('emits the overrides in SigV4 (byte) order whatever the input order, values RFC 3986-encoded', () => {
    expect(responseOverridesQuery({ expires: 'Thu, 01 Jan 2026 00:00:00 GMT', contentType: 'text/plain; charset=utf-8', cacheControl: 'no-cache', contentDisposition: 'attachment; filename="a b.pdf"', contentLanguage: 'fr', contentEncoding: 'gzip' }))
      .to.equal('&response-cache-control=no-cache&response-content-disposition=attachment%3B%20filename%3D%22a%20b.pdf%22&response-content-encoding=gzip&response-content-language=fr&response-content-type=text%2Fplain%3B%20charset%3Dutf-8&response-expires=Thu%2C%2001%20Jan%202026%2000%3A00%3A00%20GMT');
  });

  it('is empty without overrides', () => {
    expect(responseOverridesQuery(undefined)).to.equal('');
    expect(responseOverridesQuery({})).to.equal('');
  });

  it('SECURITY: refuses CR/LF (response header injection) and non-strings', () => {
    expect(() => responseOverridesQuery({ contentType: 'text/html\r\nSet-Cookie: a=b' })).to.throw(/contentType/).with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    expect(() => responseOverridesQuery({ cacheControl: 42 as unknown as string })).to.throw().with.property('code', 'ERR_ACCEL_INVALID_INPUT');
  });
});
