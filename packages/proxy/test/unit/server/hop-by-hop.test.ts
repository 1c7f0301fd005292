import { expect } from 'chai';
import fc from 'fast-check';
import { connectionTokens, endToEndHeaders, endToEndTrailers } from '../../../src/server/hop-by-hop.js';

describe('hop-by-hop headers of upstream responses', () => {
  it('reads Connection tokens from one or several values, trimmed and lower-cased', () => {
    expect([...connectionTokens('close, X-Foo ,,x-bar')]).to.deep.equal(['close', 'x-foo', 'x-bar']);
    expect([...connectionTokens(['Keep-Alive', 'X-A'])]).to.deep.equal(['keep-alive', 'x-a']);
    expect(connectionTokens(undefined).size).to.equal(0);
  });

  it('SECURITY: drops internal, hop-by-hop and Connection-named headers, keeping order and case of the rest', () => {
    const raw = ['Content-Type', 'text/plain', 'Connection', 'X-Secret, keep-alive', 'X-Secret', 's', 'Keep-Alive', 'timeout=5', 'X-Accel-Redirect', '/internal/x', 'TE', 'trailers', 'Upgrade', 'h2c', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Transfer-Encoding', 'chunked'];
    const result = endToEndHeaders(raw);
    expect(result.headers).to.deep.equal(['Content-Type', 'text/plain', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2']);
    expect(result.chunked).to.equal(true);
    expect([...result.dropped].sort()).to.deep.equal(['keep-alive', 'x-accel-redirect', 'x-secret']);
  });

  it('keeps the hop-by-hop headers it is asked to keep (Upgrade and Connection on a 101)', () => {
    const result = endToEndHeaders(['Upgrade', 'websocket', 'Connection', 'Upgrade', 'X-Accel-Redirect', '/x'], new Set(['upgrade', 'connection']));
    expect(result.headers).to.deep.equal(['Upgrade', 'websocket', 'Connection', 'Upgrade']);
  });

  it('SECURITY: the Trailer header names only trailers that will be passed on, and goes when none is left', () => {
    const some = endToEndHeaders(['Trailer', 'X-Accel-Redirect, Server-Timing, X-Secret, X-Sendfile', 'Connection', 'x-secret', 'Transfer-Encoding', 'chunked']);
    expect(some.headers).to.deep.equal(['Trailer', 'server-timing']);
    const none = endToEndHeaders(['Trailer', 'X-Accel-Redirect, x-sendfile', 'Transfer-Encoding', 'chunked']);
    expect(none.headers).to.deep.equal([]);
  });

  it('SECURITY: trailers follow the same rules as headers', () => {
    const { dropped } = endToEndHeaders(['Connection', 'X-Secret', 'Transfer-Encoding', 'chunked']);
    const trailers = endToEndTrailers(['X-Accel-Redirect', '/internal/x', 'x-sendfile', '/etc/passwd', 'X-Secret', 's', 'Server-Timing', 'db;dur=5', 'Transfer-Encoding', 'x'], dropped);
    expect(trailers).to.deep.equal([['Server-Timing', 'db;dur=5']]);
  });

  it('property: no internal header survives, whatever the names and their case', () => {
    const name = fc.constantFrom('X-Accel-Redirect', 'x-accel-expires', 'X-SENDFILE', 'x-sendfile-type', 'X-Lighttpd-Send-File', 'X-Custom', 'Content-Type', 'Trailer', 'Connection');
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.constantFrom('x-accel-redirect', 'X-Custom', 'close', 'a')), { maxLength: 8 }), (pairs) => {
        const raw = pairs.flat();
        const { headers, dropped } = endToEndHeaders(raw);
        const names = headers.filter((_, index) => index % 2 === 0).map((header) => header.toLowerCase());
        const trailers = endToEndTrailers(raw, dropped).map(([header]) => header.toLowerCase());
        return [...names, ...trailers].every((header) => !/^(x-accel-|x-sendfile|x-lighttpd-)/.test(header) && header !== 'connection');
      }),
    );
  });
});
