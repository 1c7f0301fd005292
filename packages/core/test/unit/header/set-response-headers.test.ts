import { ServerResponse, IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { expect } from 'chai';
import { setResponseHeaders } from '../../../src/header/set-response-headers.js';

function response(): ServerResponse {
  return new ServerResponse(new IncomingMessage(new Socket()));
}

describe('setResponseHeaders', () => {
  it("adds Set-Cookie lines to the app's and puts every other header in its namesake's place", () => {
    const res = response();
    res.setHeader('Set-Cookie', 'session=abc');
    res.setHeader('Cache-Control', 'no-cache');
    setResponseHeaders(res, [['Location', 'https://cdn.example/a'], ['Cache-Control', 'private, no-store'], ['Set-Cookie', 'CloudFront-Policy=p'], ['Set-Cookie', 'CloudFront-Signature=s']]);
    expect(res.getHeader('set-cookie')).to.deep.equal(['session=abc', 'CloudFront-Policy=p', 'CloudFront-Signature=s']);
    expect(res.getHeader('cache-control')).to.equal('private, no-store');
    expect(res.getHeader('location')).to.equal('https://cdn.example/a');
  });

  it('adds a second line for a name the pairs repeat in any case (a location adding Cache-Control after the object)', () => {
    const res = response();
    res.setHeader('Cache-Control', 'from the app, replaced');
    setResponseHeaders(res, [['Cache-Control', 'max-age=3600'], ['ETag', '"v1"'], ['cache-control', 'public']]);
    expect(res.getHeader('cache-control')).to.deep.equal(['max-age=3600', 'public']);
    expect(res.getHeader('etag')).to.equal('"v1"');
  });
});
