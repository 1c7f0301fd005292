import { expect } from 'chai';
import { headersNginxAdds, internalResponseView, relayedName, relayHeaderName, RELAYED_APP_HEADERS } from '../../../src/backend/app-headers.js';

describe('internalResponseView', () => {
  it('reads X-Accel-Redirect from the request target and the app headers from their X-Accel-App-* relays', () => {
    const view = internalResponseView('/protected/a%20b.pdf?v=1', {
      'x-accel-app-content-disposition': 'attachment; filename="a b.pdf"',
      'x-accel-app-cache-control': 'private, max-age=60',
      'x-accel-app-content-type': 'application/pdf',
      'x-accel-app-x-accel-expires': '120',
    });
    expect(view.getHeader('X-Accel-Redirect')).to.equal('/protected/a%20b.pdf?v=1');
    expect(view.getHeader('Content-Disposition')).to.equal('attachment; filename="a b.pdf"');
    expect(view.getHeader('cache-control')).to.equal('private, max-age=60');
    expect(view.getHeader('content-type')).to.equal('application/pdf');
    expect(view.getHeader('x-accel-expires')).to.equal('120');
  });

  it('SECURITY: reads nothing else, neither the plain request headers nor other relays a client could send', () => {
    const view = internalResponseView('/protected/a', {
      'content-disposition': 'attachment; filename="evil.html"',
      'content-type': 'text/html',
      'x-accel-redirect': '/other/b',
      'x-accel-app-set-cookie': 'session=stolen',
      'x-accel-app-x-accel-limit-rate': '1',
      'x-accel-limit-rate': '1',
      'set-cookie': ['a=1'],
    });
    expect(view.getHeader('x-accel-redirect')).to.equal('/protected/a');
    for (const name of ['content-disposition', 'content-type', 'set-cookie', 'x-accel-limit-rate', 'x-accel-buffering', 'x-accel-charset', 'expires']) {
      expect(view.getHeader(name), name).to.equal(undefined);
    }
  });

  it('names the relays X-Accel-App- + the header', () => {
    expect(RELAYED_APP_HEADERS.map(relayHeaderName)).to.deep.equal(['X-Accel-App-Content-Disposition', 'X-Accel-App-Cache-Control', 'X-Accel-App-Expires', 'X-Accel-App-Accept-Ranges', 'X-Accel-App-Content-Type', 'X-Accel-App-X-Accel-Expires']);
  });
});

describe('relayedName', () => {
  const prefixes = ['/protected/', '@files'];
  const named = { 'x-accel-app-x-accel-redirect': '@files' };

  it('reads the name a named location sends, for the client’s original URI', () => {
    expect(relayedName('/books/a.pdf?v=1', named, prefixes)).to.equal('@files');
    expect(relayedName('/books/a.pdf', {}, prefixes)).to.equal(undefined);
    expect(relayedName('/books/a.pdf', { 'x-accel-app-x-accel-redirect': '/protected/a.pdf' }, prefixes)).to.equal(undefined);
  });

  // SECURITY: a prefix location's block does not set the header, so a client's own may arrive with it.
  it('SECURITY: ignores it for a target under a prefix location, encoded or not, or not decodable', () => {
    for (const target of ['/protected/a.pdf', '/protected/a.pdf?x=@files', '/prot%65cted/a.pdf', '/protected/%zz']) {
      expect(relayedName(target, named, prefixes), target).to.equal(undefined);
    }
  });
});

describe('headersNginxAdds', () => {
  it('lists Content-Disposition, Cache-Control, Expires and Accept-Ranges when the app sent them, since Nginx adds its copies itself', () => {
    expect([...headersNginxAdds({ 'x-accel-app-content-disposition': 'inline', 'x-accel-app-cache-control': 'no-cache', 'x-accel-app-content-type': 'text/plain' })]).to.deep.equal(['content-disposition', 'cache-control']);
    expect([...headersNginxAdds({ 'x-accel-app-expires': 'Thu, 01 Jan 2037 00:00:00 GMT', 'x-accel-app-accept-ranges': 'bytes' })]).to.deep.equal(['expires', 'accept-ranges']);
    expect([...headersNginxAdds({ 'x-accel-app-cache-control': 'no-cache' })]).to.deep.equal(['cache-control']);
    expect([...headersNginxAdds({ 'content-disposition': 'inline' })]).to.deep.equal([]);
  });
});
