import { expect } from 'chai';
import { overridesFromQuery } from '../../src/response-overrides.js';

describe('dev-cdn overridesFromQuery', () => {
  it('maps the S3 response-* parameters to headers', () => {
    const query = new URLSearchParams({ 'response-content-disposition': 'attachment; filename="a b.pdf"', 'response-content-type': 'application/pdf', other: 'x' });
    expect(overridesFromQuery(query)).to.deep.equal({ 'Content-Disposition': 'attachment; filename="a b.pdf"', 'Content-Type': 'application/pdf' });
  });

  it('SECURITY: drops a value that would split the response', () => {
    expect(overridesFromQuery(new URLSearchParams({ 'response-content-type': 'text/html\r\nSet-Cookie: a=b' }))).to.deep.equal({});
  });
});
