import { expect } from 'chai';
import { createDevCdn } from '../../src/index.js';
import { rawRequest, startHarness, type Harness } from './harness.js';

describe('dev-cdn CORS for the app origin', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ corsOrigins: ['http://127.0.0.1:3000'] });
  });
  after(() => h.close());

  it('echoes a listed origin with credentials, even on a refusal', async () => {
    const res = await rawRequest(h.cdn.port, '/books/moby%20dick.pdf', { headers: { origin: 'http://127.0.0.1:3000' } });
    expect(res.status).to.equal(403);
    expect(res.headers['access-control-allow-origin']).to.equal('http://127.0.0.1:3000');
    expect(res.headers['access-control-allow-credentials']).to.equal('true');
  });

  it('SECURITY: says nothing to other origins', async () => {
    const res = await rawRequest(h.cdn.port, '/books/moby%20dick.pdf', { headers: { origin: 'https://evil.example' } });
    expect(res.headers['access-control-allow-origin']).to.equal(undefined);
    const preflight = await rawRequest(h.cdn.port, '/books/x', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(preflight.status).to.equal(405);
  });

  it('answers a preflight for Range from a listed origin', async () => {
    const res = await rawRequest(h.cdn.port, '/books/x', { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'GET', 'access-control-request-headers': 'range, x-evil' } });
    expect(res.status).to.equal(204);
    expect(res.headers['access-control-allow-headers']).to.equal('range');
    expect(res.headers['access-control-allow-methods']).to.equal('GET, HEAD');
  });

  it('refuses a wildcard or a path as an origin at startup', () => {
    expect(() => createDevCdn({ root: h.root, corsOrigins: ['*'] })).to.throw(/corsOrigins/);
    expect(() => createDevCdn({ root: h.root, corsOrigins: ['http://a.example/path'] })).to.throw(/corsOrigins/);
  });
});
