import { expect } from 'chai';
import type { HeaderPairs, StreamDecision, StreamHeaderRules } from '../../../src/contract/decision.js';
import { AccelError } from '../../../src/errors/accel-error.js';
import { applyHeaderRules, withAlwaysHeaders } from '../../../src/stream/location-headers.js';

const NOW = Date.UTC(2026, 11, 6, 4, 20, 0, 400);
const object: HeaderPairs = [
  ['Content-Type', 'text/plain'],
  ['ETag', '"abc"'],
  ['Last-Modified', 'Sat, 05 Dec 2026 10:00:00 GMT'],
  ['Cache-Control', 'private, max-age=5'],
  ['Expires', 'Thu, 01 Jan 1970 00:00:00 GMT'],
];

function rules(expires: StreamHeaderRules['expires'], add: StreamHeaderRules['add'] = []): StreamHeaderRules {
  return expires === undefined ? { add } : { expires, add };
}

describe('applyHeaderRules (Nginx expires and add_header)', () => {
  it('leaves the headers alone without rules', () => {
    expect(applyHeaderRules(object, 200, undefined, NOW)).to.equal(object);
  });

  it("expires replaces the object's and the app's Expires and Cache-Control, as ngx_http_set_expires does", () => {
    expect(applyHeaderRules(object, 200, rules(3600), NOW).slice(3)).to.deep.equal([
      ['Expires', 'Sun, 06 Dec 2026 05:20:00 GMT'],
      ['Cache-Control', 'max-age=3600'],
    ]);
    expect(applyHeaderRules(object, 206, rules(-10), NOW).slice(3)).to.deep.equal([['Expires', 'Sun, 06 Dec 2026 04:19:50 GMT'], ['Cache-Control', 'no-cache']]);
    expect(applyHeaderRules(object, 304, rules(0), NOW).slice(3)).to.deep.equal([['Expires', 'Sun, 06 Dec 2026 04:20:00 GMT'], ['Cache-Control', 'max-age=0']]);
    expect(applyHeaderRules([], 200, rules('epoch'), NOW)).to.deep.equal([['Expires', 'Thu, 01 Jan 1970 00:00:01 GMT'], ['Cache-Control', 'no-cache']]);
    expect(applyHeaderRules([], 200, rules('max'), NOW)).to.deep.equal([['Expires', 'Thu, 31 Dec 2037 23:55:55 GMT'], ['Cache-Control', 'max-age=315360000']]);
  });

  it('adds headers after the rest, Cache-Control as a second line, ETag and Last-Modified in place of theirs; empty adds nothing', () => {
    const added = applyHeaderRules(object, 200, rules(60, [['Cache-Control', 'public', false], ['ETag', '', false], ['Last-Modified', 'x', false], ['X-Empty', '', false], ['X-A', 'a', false]]), NOW);
    expect(added).to.deep.equal([
      ['Content-Type', 'text/plain'],
      ['Expires', 'Sun, 06 Dec 2026 04:21:00 GMT'],
      ['Cache-Control', 'max-age=60'],
      ['Cache-Control', 'public'],
      ['Last-Modified', 'x'],
      ['X-A', 'a'],
    ]);
  });

  it('on 412 and 416 applies only the always headers, and no expires', () => {
    const rulesWithAlways = rules(60, [['X-A', 'a', false], ['X-B', 'b', true]]);
    for (const status of [412, 416]) expect(applyHeaderRules([['Content-Length', '0']], status, rulesWithAlways, NOW)).to.deep.equal([['Content-Length', '0'], ['X-B', 'b']]);
    for (const status of [200, 201, 204, 206, 301, 302, 303, 304, 307, 308]) expect(applyHeaderRules([], status, rulesWithAlways, NOW)).to.have.length(4);
  });
});

describe('withAlwaysHeaders (add_header … always on cdn-accel’s own error answers)', () => {
  const decision = (add: StreamHeaderRules['add']): StreamDecision => ({ kind: 'stream', url: 'https://cdn.example/a', method: 'GET', forwardHeaders: [], overrideHeaders: [], buffering: true, headerRules: { add } });
  const missing = new AccelError('ERR_ACCEL_ORIGIN', 'The object does not exist', { status: 404, expose: true, cause: new Error('NoSuchKey') });

  it('gives the error the always headers only, a repeated name as a list, keeping code, status, exposure and cause', () => {
    const error = withAlwaysHeaders(missing, decision([['X-Frame-Options', 'DENY', true], ['X-Content-Type-Options', 'nosniff', false], ['Link', '<a>', true], ['Link', '<b>', true], ['X-Empty', '', true]])) as AccelError;
    expect(error.headers).to.deep.equal({ 'X-Frame-Options': 'DENY', Link: ['<a>', '<b>'] });
    expect([error.code, error.status, error.expose, error.message, error.cause]).to.deep.equal([missing.code, 404, true, missing.message, missing.cause]);
  });

  it('leaves the error as it is without always headers, and any other error alone', () => {
    expect(withAlwaysHeaders(missing, decision([['X-Content-Type-Options', 'nosniff', false]]))).to.equal(missing);
    const other = new Error('unexpected');
    expect(withAlwaysHeaders(other, decision([['X-Frame-Options', 'DENY', true]]))).to.equal(other);
  });
});
