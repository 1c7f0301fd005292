import { expect } from 'chai';
import { createAccel } from '../../../src/engine/create-accel.js';
import type { AccelDecision } from '../../../src/contract/decision.js';
import { fakeTarget, view } from './fake-target.js';

function location(decision: AccelDecision): string | undefined {
  return decision.kind === 'redirect' ? decision.headers[0]?.[1] : undefined;
}

describe('createAccel: @name locations', () => {
  it('signs the client’s path (decoded, leading / removed) and query; each request URL is its own cached route', () => {
    const files = fakeTarget();
    const accel = createAccel({ locations: { '@files': files, '/p/': fakeTarget() }, now: () => 1_000_000 });
    const first = accel.decide({ method: 'GET', url: '/a/b%20c.pdf?v=1' }, view({ 'X-Accel-Redirect': '@files' })) as AccelDecision;
    expect(files.calls.map(({ key, query }) => [key, query])).to.deep.equal([['a/b c.pdf', 'v=1']]);
    expect(location(first)).to.match(/^https:\/\/cdn\.example\/a\/b c\.pdf\?e=/);
    accel.decide({ method: 'GET', url: '/a/b%20c.pdf?v=1' }, view({ 'X-Accel-Redirect': '@files' }));
    expect(files.calls).to.have.length(1);
    accel.decide({ method: 'GET', url: '/other.pdf' }, view({ 'X-Accel-Redirect': '@files' }));
    expect(files.calls.map(({ key }) => key)).to.deep.equal(['a/b c.pdf', 'other.pdf']);
  });

  it('answers 404 for a named value without the request URL, an unknown name, or an unsafe request path', () => {
    const accel = createAccel({ locations: { '@files': fakeTarget() }, logger: { info() {}, warn() {}, error() {} } });
    const refusal = (url: string | undefined, value: string): string | undefined => {
      try {
        accel.decide(url === undefined ? { method: 'GET' } : { method: 'GET', url }, view({ 'X-Accel-Redirect': value }));
        return undefined;
      } catch (error) {
        return `${(error as { code: string }).code} ${(error as { status: number }).status}`;
      }
    };
    expect(refusal(undefined, '@files')).to.equal('ERR_ACCEL_UNSAFE_PATH 404');
    expect(refusal('/a.pdf', '@nope')).to.equal('ERR_ACCEL_UNMAPPED 404');
    for (const url of ['/a/%2e%2e/b', '/a/../b', '//evil.example/a', 'http://evil.example/a', '/a%00', '*']) {
      expect(refusal(url, '@files'), url).to.equal('ERR_ACCEL_UNSAFE_PATH 404');
    }
  });
});
