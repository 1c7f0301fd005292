import { expect } from 'chai';
import { compileLocations } from '../../../src/routing/location-table.js';
import { brandTarget } from '../../../src/contract/target-brand.js';
import type { AccelTarget } from '../../../src/contract/target.js';

function fakeTarget(name: string): AccelTarget {
  return brandTarget({
    kind: 'cloudfront', mode: 'redirect', expiresIn: 300, origin: `https://${name}.example`, methodBound: false,
    carry: { contentDisposition: false, cacheControl: false, contentType: false }, redirectCacheControl: 'private, no-store',
    ip: 'none', ipv6: 'unbound', sign: () => ({ url: `https://${name}.example/x` }), ready: () => Promise.resolve(),
  });
}

function configCode(locations: unknown): string | undefined {
  try {
    compileLocations(locations);
    return undefined;
  } catch (error) {
    return (error as { code: string; message: string }).code;
  }
}

describe('compileLocations', () => {
  const table = compileLocations({ '/a/': fakeTarget('a'), '/a/b/': fakeTarget('ab'), '/c/': fakeTarget('c') });

  it('matches the longest prefix', () => {
    expect(table.match('/a/b/file').prefix).to.equal('/a/b/');
    expect(table.match('/a/bb/file').prefix).to.equal('/a/');
    expect(table.match('/c/x').prefix).to.equal('/c/');
  });

  // SECURITY: a prefix that only looks alike must not match.
  it('refuses paths under no prefix, including look-alikes, with ERR_ACCEL_UNMAPPED 404', () => {
    for (const path of ['/a', '/a../x', '/ab/x', '/d/x', '/A/x']) {
      try {
        table.match(path);
        expect.fail(`matched ${path}`);
      } catch (error) {
        expect((error as { code: string }).code).to.equal('ERR_ACCEL_UNMAPPED');
        expect((error as { status: number }).status).to.equal(404);
        expect((error as Error).message).not.to.include(path);
      }
    }
  });

  it('validates prefixes and targets at startup with ERR_ACCEL_CONFIG', () => {
    expect(configCode(undefined)).to.equal('ERR_ACCEL_CONFIG');
    expect(configCode({})).to.equal('ERR_ACCEL_CONFIG');
    expect(configCode({ 'protected/': fakeTarget('x') })).to.equal('ERR_ACCEL_CONFIG');
    expect(configCode({ '/protected': fakeTarget('x') })).to.equal('ERR_ACCEL_CONFIG');
    expect(configCode({ '/a/../b/': fakeTarget('x') })).to.equal('ERR_ACCEL_CONFIG');
    expect(configCode({ '/a//b/': fakeTarget('x') })).to.equal('ERR_ACCEL_CONFIG');
    expect(configCode({ '/a%20b/': fakeTarget('x') })).to.equal('ERR_ACCEL_CONFIG');
    expect(configCode({ '/a/': { kind: 'cloudfront' } })).to.equal('ERR_ACCEL_CONFIG');
    expect(configCode({ '/': fakeTarget('x') })).to.equal(undefined);
  });

  it('matches @name locations exactly, never as a prefix, and lists them after the prefixes', () => {
    const named = compileLocations({ '@files': fakeTarget('f'), '/a/': fakeTarget('a'), '@files-v2': fakeTarget('f2') });
    expect(named.named('@files').target.origin).to.equal('https://f.example');
    expect(named.named('@files-v2').target.origin).to.equal('https://f2.example');
    expect(named.locations.map((location) => location.prefix)).to.deep.equal(['/a/', '@files', '@files-v2']);
    for (const name of ['@file', '@files-', '@FILES', '@files/x', '@']) {
      expect(() => named.named(name)).to.throw().with.property('code', 'ERR_ACCEL_UNMAPPED');
    }
    expect(() => named.match('@files')).to.throw().with.property('code', 'ERR_ACCEL_UNMAPPED');
  });

  it('validates the shape of @name keys at startup', () => {
    for (const name of ['@', '@a b', '@a/b', '@a.b', '@é', '@a?x']) {
      expect(configCode({ [name]: fakeTarget('x') })).to.equal('ERR_ACCEL_CONFIG', name);
    }
    try {
      compileLocations({ '@a/b': fakeTarget('x') });
    } catch (error) {
      expect((error as Error).message).to.include("locations['@a/b']").and.include('named location');
    }
  });

  it('names the field in the message', () => {
    try {
      compileLocations({ '/ok/': fakeTarget('x'), nope: fakeTarget('y') });
    } catch (error) {
      expect((error as Error).message).to.include("locations['nope']");
    }
  });
});
