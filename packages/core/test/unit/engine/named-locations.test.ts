import { expect } from 'chai';
import { createAccel } from '../../../src/engine/create-accel.js';
import type { AccelDecision } from '../../../src/contract/decision.js';
import { signed } from '../../../src/targets/signed-target.js';
import { fakeTarget, view } from './fake-target.js';

function location(decision: AccelDecision): string | undefined {
  return decision.kind === 'redirect' ? decision.headers[0]?.[1] : undefined;
}

describe('createAccel: @name locations', () => {
  it('signs the client’s path (decoded, leading / removed); each request path is its own cached route', () => {
    const files = fakeTarget();
    const accel = createAccel({ locations: { '@files': files, '/p/': fakeTarget() }, now: () => 1_000_000 });
    const first = accel.decide({ method: 'GET', url: '/a/b%20c.pdf' }, view({ 'X-Accel-Redirect': '@files' })) as AccelDecision;
    expect(files.calls.map(({ key, query }) => [key, query])).to.deep.equal([['a/b c.pdf', '']]);
    expect(location(first)).to.match(/^https:\/\/cdn\.example\/a\/b c\.pdf\?e=/);
    accel.decide({ method: 'GET', url: '/a/b%20c.pdf' }, view({ 'X-Accel-Redirect': '@files' }));
    expect(files.calls).to.have.length(1);
    accel.decide({ method: 'GET', url: '/other.pdf' }, view({ 'X-Accel-Redirect': '@files' }));
    expect(files.calls.map(({ key }) => key)).to.deep.equal(['a/b c.pdf', 'other.pdf']);
  });

  // SECURITY: the app authorized the path; the client's parameters (S3's response-* overrides…) are never signed.
  it('leaves the client’s query out of what it signs and of the cached route', () => {
    const files = fakeTarget();
    const accel = createAccel({ locations: { '@files': files }, now: () => 1_000_000 });
    const hostile = '/a.pdf?response-content-disposition=inline&response-content-type=text%2Fhtml';
    const decision = accel.decide({ method: 'GET', url: hostile }, view({ 'X-Accel-Redirect': '@files' })) as AccelDecision;
    expect(files.calls.map(({ key, query }) => [key, query])).to.deep.equal([['a.pdf', '']]);
    expect(location(decision)).not.to.include('response-');
    accel.decide({ method: 'GET', url: '/a.pdf?v=2' }, view({ 'X-Accel-Redirect': '@files' }));
    accel.decide({ method: 'GET', url: '/a.pdf' }, view({ 'X-Accel-Redirect': '@files' }));
    expect(files.calls).to.have.length(1);
  });

  // SECURITY: clients choose the paths the memo keeps, so long ones count against a memory budget as well as `max`.
  it('bounds the routes it remembers by their size as well as by cache.max', () => {
    const files = fakeTarget();
    const accel = createAccel({ locations: { '@files': files }, cache: { max: 100 }, now: () => 1_000_000 });
    const long = (i: number): string => `/${i}/${'x'.repeat(3000)}`;
    for (let i = 0; i < 100; i += 1) accel.decide({ method: 'GET', url: long(i) }, view({ 'X-Accel-Redirect': '@files' }));
    accel.decide({ method: 'GET', url: long(0) }, view({ 'X-Accel-Redirect': '@files' }));
    expect(files.calls).to.have.length(101);
    for (let i = 0; i < 100; i += 1) accel.decide({ method: 'GET', url: `/${i}` }, view({ 'X-Accel-Redirect': '@files' }));
    accel.decide({ method: 'GET', url: '/0' }, view({ 'X-Accel-Redirect': '@files' }));
    expect(files.calls).to.have.length(201);
  });

  it('refuses signed() as a named location at startup, naming the location and the fix', () => {
    expect(() => createAccel({ locations: { '@s3': signed({ hosts: ['bucket.s3.amazonaws.com'] }) } }))
      .to.throw(/locations\['@s3'\]: signed\(\) cannot be a named location.*prefix location/)
      .with.property('code', 'ERR_ACCEL_CONFIG');
    expect(() => createAccel({ locations: { '/internal/s3/': signed({ hosts: ['bucket.s3.amazonaws.com'] }) } })).not.to.throw();
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
