import { expect } from 'chai';
import { createAccel } from '../../../src/engine/create-accel.js';
import type { AccelDecision, RedirectDecision, StreamDecision } from '../../../src/contract/decision.js';
import { signed } from '../../../src/targets/signed-target.js';
import { fakeTarget, view } from './fake-target.js';

const T0 = 1_800_000_000_000;

function recorder() {
  const lines: string[] = [];
  const log = (...args: unknown[]) => lines.push(args.join(' '));
  return { lines, logger: { info: log, warn: log, error: log } };
}

function location(decision: unknown): string {
  return ((decision as RedirectDecision).headers.find(([name]) => name === 'Location') ?? [])[1] ?? '';
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return undefined;
}

describe('createAccel / decide', () => {
  it('passes, synchronously, when there is no X-Accel-Redirect', () => {
    const accel = createAccel({ locations: { '/p/': fakeTarget() } });
    expect(accel.decide({ method: 'GET' }, view({}))).to.deep.equal({ kind: 'pass' });
  });

  it('redirects with 302 for GET/HEAD and 303 for other methods, configurable', () => {
    const accel = createAccel({ locations: { '/p/': fakeTarget() }, now: () => T0 });
    expect((accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a' })) as RedirectDecision).status).to.equal(302);
    expect((accel.decide({ method: 'HEAD' }, view({ 'X-Accel-Redirect': '/p/a' })) as RedirectDecision).status).to.equal(302);
    expect((accel.decide({ method: 'POST' }, view({ 'X-Accel-Redirect': '/p/a' })) as RedirectDecision).status).to.equal(303);
    const custom = createAccel({ locations: { '/p/': fakeTarget() }, redirectStatus: { safe: 307, unsafe: 307 } });
    expect((custom.decide({ method: 'DELETE' }, view({ 'X-Accel-Redirect': '/p/a' })) as RedirectDecision).status).to.equal(307);
  });

  it('hands the target the decoded key after the prefix and the verbatim query', () => {
    const target = fakeTarget();
    const accel = createAccel({ locations: { '/p/': target, '/p/deeper/': fakeTarget() }, now: () => T0 });
    accel.decide({ method: 'GET' }, view({ 'x-accel-redirect': '/p/books/moby%20dick.pdf?v=1' }));
    expect(target.calls[0]).to.include({ key: 'books/moby dick.pdf', query: 'v=1', method: 'GET' });
  });

  it('answers a cache hit synchronously with the identical URL, and signs once', () => {
    const target = fakeTarget();
    const accel = createAccel({ locations: { '/p/': target }, now: () => T0 });
    const first = accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a' }));
    const second = accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a' }));
    expect(second).to.equal(first);
    expect(target.calls).to.have.length(1);
  });

  it('signs every time with cache: false', () => {
    const target = fakeTarget();
    const accel = createAccel({ locations: { '/p/': target }, cache: false, now: () => T0 });
    accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a' }));
    accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a' }));
    expect(target.calls).to.have.length(2);
    expect(target.calls[0]!.expiresAt).to.equal(T0 / 1000 + 300);
  });

  it('rounds expiries up to the window, never beyond a fifth of the lifetime, and re-signs a busy entry ahead of its stale time', async () => {
    let now = T0;
    const target = fakeTarget({ expiresIn: 100 });
    const accel = createAccel({ locations: { '/p/': target }, cache: { window: 60 }, now: () => now });
    const request = () => location(accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/some/object.bin' })));
    const first = request();
    const { expiresAt } = target.calls[0]!;
    expect(expiresAt - T0 / 1000).to.be.within(100, 120);
    // The window is a fifth of the 100 s lifetime: 20 s. The entry dies as the URL reaches 100 s left.
    const staleAt = (expiresAt - 100) * 1000;
    now = Math.max(T0, staleAt - 20_000);
    for (; now < staleAt - 1000; now += 100) {
      expect(request()).to.equal(first);
      await Promise.resolve();
    }
    // One signature ahead, for the next window; the old URL was served until its entry went stale.
    expect(target.calls).to.have.length(2);
    expect(target.calls[1]!.expiresAt).to.equal(expiresAt + 20);
    now = staleAt;
    expect(request()).to.equal(`https://cdn.example/some/object.bin?e=${expiresAt + 20}`);
    expect(target.calls).to.have.length(2);
  });

  it('refreshes through the target\'s signAhead when it has one, and never for an object not requested near its stale time', async () => {
    let now = T0;
    const ahead: number[] = [];
    const target = fakeTarget({
      expiresIn: 300,
      signAhead: (input) => {
        ahead.push(input.expiresAt);
        return Promise.resolve({ url: `https://cdn.example/${input.key}?ahead=${input.expiresAt}` });
      },
    });
    const accel = createAccel({ locations: { '/p/': target }, now: () => now, batchSignatures: false });
    const request = (path: string) => location(accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': path })));
    request('/p/busy');
    request('/p/idle');
    const busyStale = (target.calls[0]!.expiresAt - 300) * 1000;
    const idleStale = (target.calls[1]!.expiresAt - 300) * 1000;
    for (now = T0; now < Math.max(busyStale, idleStale) + 1000; now += 250) {
      request('/p/busy');
      await Promise.resolve();
    }
    expect(target.calls).to.have.length(2);
    expect(ahead).to.deep.equal([target.calls[0]!.expiresAt + 60]);
    expect(request('/p/busy')).to.equal(`https://cdn.example/busy?ahead=${target.calls[0]!.expiresAt + 60}`);
    // Never requested in its last seconds: signed again, on the spot, only when asked for after it went stale.
    request('/p/idle');
    expect(target.calls).to.have.length(3);
    expect(ahead).to.have.length(1);
  });

  it('lets a request that comes after the entry went stale wait for the refresh under way, not sign again', async () => {
    let now = T0;
    let finish!: () => void;
    const target = fakeTarget({
      expiresIn: 300,
      signAhead: (input) => new Promise((resolve) => {
        finish = () => resolve({ url: `https://cdn.example/${input.key}?ahead=${input.expiresAt}` });
      }),
    });
    const accel = createAccel({ locations: { '/p/': target }, now: () => now, batchSignatures: false });
    const decide = () => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/slow' }));
    decide();
    const staleAt = (target.calls[0]!.expiresAt - 300) * 1000;
    now = staleAt - 1500;
    decide();
    now = staleAt + 10;
    const waiting = decide();
    expect(waiting).to.be.an.instanceOf(Promise);
    finish();
    expect(location(await waiting)).to.equal(`https://cdn.example/slow?ahead=${target.calls[0]!.expiresAt + 60}`);
    expect(target.calls).to.have.length(1);
    expect(location(decide())).to.equal(location(await waiting));
  });

  it('leaves a failed refresh to the first request after the entry went stale, which signs anew', async () => {
    let now = T0;
    const target = fakeTarget({ expiresIn: 300, signAhead: () => Promise.reject(new Error('KMS throttled')) });
    const accel = createAccel({ locations: { '/p/': target }, now: () => now, batchSignatures: false });
    const decide = () => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a' }));
    const first = location(decide());
    const staleAt = (target.calls[0]!.expiresAt - 300) * 1000;
    now = staleAt - 1500;
    expect(location(decide())).to.equal(first);
    await new Promise(setImmediate);
    expect(location(decide())).to.equal(first);
    now = staleAt + 10;
    expect(location(decide())).to.equal(`https://cdn.example/a?e=${target.calls[0]!.expiresAt + 60}`);
    expect(target.calls).to.have.length(2);
  });

  it("keeps a busy object's refreshed URL while a stream of other objects passes through a small cache", async () => {
    let now = T0;
    const target = fakeTarget({ expiresIn: 300 });
    const accel = createAccel({ locations: { '/p/': target }, cache: { max: 2 }, now: () => now });
    const request = (path: string) => location(accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': path })));
    request('/p/busy');
    const staleAt = (target.calls[0]!.expiresAt - 300) * 1000;
    for (let step = 0; now < staleAt + 5_000; step += 1) {
      now += 100;
      request('/p/busy');
      request(`/p/other-${step}`);
      await new Promise(setImmediate);
    }
    // Signed once, then once ahead of its stale time; never again on a request's path.
    expect(target.calls.filter((call) => call.key === 'busy').map((call) => call.expiresAt)).to.deep.equal([target.calls[0]!.expiresAt, target.calls[0]!.expiresAt + 60]);
  });

  it('lets entries go stale one by one: 1,024 objects re-sign spread over the window, never bunched', async () => {
    let now = T0;
    const target = fakeTarget({ expiresIn: 300 });
    const accel = createAccel({ locations: { '/p/': target }, now: () => now });
    const paths = Array.from({ length: 1024 }, (_, index) => `/p/file-${index}.bin`);
    for (const path of paths) accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': path }));
    const signedPer100ms: number[] = [];
    for (let step = 0; step < 600; step += 1) {
      now += 100;
      const before = target.calls.length;
      for (const path of paths) accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': path }));
      signedPer100ms.push(target.calls.length - before);
      await Promise.resolve();
    }
    // Over one 60 s window each object is re-signed about once, the tenth first signed in the last 6 s of their
    // window once more (refreshed halfway through what they had); no 100 ms slice re-signs more than a few percent.
    expect(target.calls.length - 1024).to.be.within(1000, 1200);
    expect(Math.max(...signedPer100ms)).to.be.below(20);
  });

  it('lets X-Accel-Expires shorten the lifetime, never lengthen it', () => {
    const target = fakeTarget({ expiresIn: 300 });
    const accel = createAccel({ locations: { '/p/': target }, cache: false, now: () => T0 });
    accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a', 'X-Accel-Expires': '30' }));
    accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a', 'X-Accel-Expires': '3000' }));
    expect(target.calls.map((call) => call.expiresAt - T0 / 1000)).to.deep.equal([30, 300]);
  });

  it('never lets the redirect be cached longer than the signature lives', () => {
    const target = fakeTarget({ redirectCacheControl: 'private, max-age=300' });
    const accel = createAccel({ locations: { '/p/': target }, cache: false, now: () => T0 });
    const decision = accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a', 'X-Accel-Expires': '30' })) as RedirectDecision;
    expect(decision.headers).to.deep.include(['Cache-Control', 'private, max-age=30']);
  });

  it('signs HEAD for method-bound targets only', () => {
    const bound = fakeTarget({ methodBound: true });
    const free = fakeTarget();
    const accel = createAccel({ locations: { '/s3/': bound, '/cf/': free } });
    accel.decide({ method: 'HEAD' }, view({ 'X-Accel-Redirect': '/s3/a' }));
    accel.decide({ method: 'HEAD' }, view({ 'X-Accel-Redirect': '/cf/a' }));
    expect(bound.calls[0]!.method).to.equal('HEAD');
    expect(free.calls[0]!.method).to.equal('GET');
  });

  it('carries only the opted-in app headers as overrides', () => {
    const target = fakeTarget({ carry: { contentDisposition: true, cacheControl: false, contentType: false } });
    const accel = createAccel({ locations: { '/p/': target } });
    accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a', 'Content-Disposition': 'attachment', 'Content-Type': 'text/html', 'Cache-Control': 'no-cache' }));
    expect(target.calls[0]!.overrides).to.deep.equal({ contentDisposition: 'attachment' });
  });

  it('binds to the client IPv4 (also IPv4-mapped), keys the cache by it, and handles IPv6 per option', () => {
    const target = fakeTarget({ ip: 'client', ipv6: 'unbound' });
    const strict = fakeTarget({ ip: 'client', ipv6: 'refuse' });
    const accel = createAccel({ locations: { '/p/': target, '/strict/': strict } });
    expect(accel.needsClientIp).to.equal(true);
    accel.decide({ method: 'GET', clientIp: '::ffff:203.0.113.7' }, view({ 'X-Accel-Redirect': '/p/a' }));
    accel.decide({ method: 'GET', clientIp: '198.51.100.1' }, view({ 'X-Accel-Redirect': '/p/a' }));
    accel.decide({ method: 'GET', clientIp: '2001:db8::1' }, view({ 'X-Accel-Redirect': '/p/a' }));
    expect(target.calls.map((call) => call.clientIp)).to.deep.equal(['203.0.113.7', '198.51.100.1', undefined]);
    expect(codeOf(() => accel.decide({ method: 'GET', clientIp: '2001:db8::1' }, view({ 'X-Accel-Redirect': '/strict/a' })))).to.equal('ERR_ACCEL_INVALID_INPUT');
  });

  it("refuses with 403 an IP-bound location's client without IPv4 (IPv6, a forwarded name, none): no unbound URL", () => {
    const strict = fakeTarget({ ip: 'client', ipv6: 'refuse' });
    const accel = createAccel({ locations: { '/strict/': strict } });
    for (const clientIp of ['2001:db8::1', '::1', 'unknown', '', undefined]) {
      try {
        accel.decide({ method: 'GET', ...(clientIp === undefined ? {} : { clientIp }) }, view({ 'X-Accel-Redirect': '/strict/a' }));
        expect.fail(`signed for ${String(clientIp)}`);
      } catch (error) {
        expect(error).to.include({ code: 'ERR_ACCEL_INVALID_INPUT', status: 403, expose: true });
      }
    }
    expect(strict.calls).to.have.length(0);
  });

  it("warns at startup, naming the location, when ip: 'client' is given ipv6: 'unbound', and only then", () => {
    const { lines, logger } = recorder();
    createAccel({
      locations: { '/open/': fakeTarget({ ip: 'client', ipv6: 'unbound' }), '/strict/': fakeTarget({ ip: 'client' }), '/plain/': fakeTarget({ ipv6: 'unbound' }) },
      logger,
    });
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include('"/open/"').and.include("ipv6: 'unbound'").and.include('no IP condition').and.include("'refuse'");
  });

  it('shares one async signature among concurrent misses', async () => {
    const target = fakeTarget({ signWith: (input) => new Promise((resolve) => setTimeout(() => resolve({ url: `https://cdn.example/${input.key}` }), 10)) });
    const accel = createAccel({ locations: { '/p/': target } });
    const decisions = await Promise.all(Array.from({ length: 10 }, () => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a' }))));
    expect(target.calls).to.have.length(1);
    expect(new Set(decisions.map(location)).size).to.equal(1);
    const hit = accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/a' }));
    expect(hit).not.to.have.property('then');
  });

  it('maps signer failures to ERR_ACCEL_SIGNING_FAILED 500, transient ones to 503, and logs the code only', async () => {
    const { lines, logger } = recorder();
    const broken = fakeTarget({ signWith: () => { throw new Error('secret key material'); } });
    const busy = fakeTarget({ signWith: () => Promise.reject(Object.assign(new Error('slow'), { name: 'ThrottlingException' })) });
    const accel = createAccel({ locations: { '/broken/': broken, '/busy/': busy }, logger });
    try {
      accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/broken/a' }));
      expect.fail('no error');
    } catch (error) {
      expect(error).to.include({ code: 'ERR_ACCEL_SIGNING_FAILED', status: 500, expose: false });
    }
    const rejected = await (accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/busy/a' })) as Promise<AccelDecision>).catch((error: unknown) => error);
    expect(rejected).to.include({ code: 'ERR_ACCEL_SIGNING_FAILED', status: 503 });
    expect(lines.some((line) => line.includes('ERR_ACCEL_SIGNING_FAILED (500)'))).to.equal(true);
    expect(lines.some((line) => line.includes('ERR_ACCEL_SIGNING_FAILED (503)'))).to.equal(true);
    expect(lines.join('\n')).not.to.include('secret key material');
  });

  it('refuses conflicting X-Accel-Redirect values, unsafe and unmapped paths, logging each with its code', () => {
    const { lines, logger } = recorder();
    const accel = createAccel({ locations: { '/p/': fakeTarget() }, logger });
    expect(codeOf(() => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': ['/p/a', '/p/b'] })))).to.equal('ERR_ACCEL_UNSAFE_PATH');
    expect(codeOf(() => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/p/../a' })))).to.equal('ERR_ACCEL_UNSAFE_PATH');
    expect(codeOf(() => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/q/a' })))).to.equal('ERR_ACCEL_UNMAPPED');
    expect(lines).to.have.length(3);
    expect(lines[2]).to.include('ERR_ACCEL_UNMAPPED (404)');
  });

  // SECURITY: the app may copy the client's path into its values, so the routes it remembers are bounded by size too.
  it('remembers at most cache.max values, fewer when they are long', () => {
    const target = fakeTarget();
    const accel = createAccel({ locations: { '/p/': target }, cache: { max: 100 }, now: () => T0 });
    const decideFor = (value: string): unknown => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': value }));
    for (let i = 0; i < 100; i += 1) decideFor(`/p/${i}/${'x'.repeat(3000)}`);
    decideFor(`/p/0/${'x'.repeat(3000)}`);
    expect(target.calls).to.have.length(101);
    for (let i = 0; i < 100; i += 1) decideFor(`/p/${i}`);
    decideFor('/p/0');
    expect(target.calls).to.have.length(201);
  });

  // SECURITY: a refused signed() value carries a presigned URL's query, a bearer credential: it never reaches the log.
  it('logs a refused value without its query', () => {
    const { lines, logger } = recorder();
    const accel = createAccel({ locations: { '/internal/s3/': signed({ hosts: ['bucket.s3.amazonaws.com'] }) }, logger });
    const query = 'X-Amz-Credential=AKIDEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=f0e1d2c3';
    expect(codeOf(() => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': `/internal/s3/other.s3.amazonaws.com/a.pdf?${query}` })))).to.equal('ERR_ACCEL_UNMAPPED');
    expect(codeOf(() => accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': `/elsewhere/${'x'.repeat(300)}?${query}` })))).to.equal('ERR_ACCEL_UNMAPPED');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.include('"/internal/s3/other.s3.amazonaws.com/a.pdf?…"');
    expect(lines[1]).to.include(`"/elsewhere/${'x'.repeat(189)}…?…"`);
    expect(lines.join('\n')).not.to.match(/X-Amz|AKIDEXAMPLE|f0e1d2c3/);
  });

  it('builds stream decisions per request: forwarded Range, app overrides, limit rate, buffering, charset', () => {
    const target = fakeTarget({ mode: 'stream' });
    const accel = createAccel({ locations: { '/p/': target } });
    const decision = accel.decide(
      { method: 'HEAD', headers: { range: 'bytes=0-9', cookie: 'secret', 'if-none-match': '"x"' } },
      view({ 'X-Accel-Redirect': '/p/a', 'Content-Disposition': 'attachment', 'Content-Type': 'text/html', 'X-Accel-Limit-Rate': '1024', 'X-Accel-Buffering': 'no', 'X-Accel-Charset': 'utf-8', 'Set-Cookie': ['a=1', 'b=2'] }),
    ) as StreamDecision;
    expect(decision).to.include({ kind: 'stream', method: 'HEAD', limitRate: 1024, buffering: false, charset: 'utf-8' });
    expect(decision.url).to.match(/^https:\/\/cdn\.example\/a\?e=\d+$/);
    expect(decision.forwardHeaders).to.deep.equal([['Range', 'bytes=0-9'], ['If-None-Match', '"x"']]);
    expect(decision.overrideHeaders).to.deep.equal([['Content-Disposition', 'attachment'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
  });

  it('validates its options with ERR_ACCEL_CONFIG', () => {
    expect(codeOf(() => createAccel(undefined as never))).to.equal('ERR_ACCEL_CONFIG');
    expect(codeOf(() => createAccel({ locations: { '/p/': fakeTarget() }, logger: {} as never }))).to.equal('ERR_ACCEL_CONFIG');
    expect(codeOf(() => createAccel({ locations: { '/p/': fakeTarget() }, now: 5 as never }))).to.equal('ERR_ACCEL_CONFIG');
    expect(codeOf(() => createAccel({ locations: { '/p/': fakeTarget() }, redirectStatus: { safe: 200 as never } }))).to.equal('ERR_ACCEL_CONFIG');
    expect(() => createAccel({ locations: { '/p/': fakeTarget() }, batchSignatures: 'yes' as never })).to.throw(/^batchSignatures: expected true or false/).that.includes({ code: 'ERR_ACCEL_CONFIG' });
    expect(codeOf(() => createAccel({ locations: { '/p/': fakeTarget() }, cache: { window: -1 } }))).to.equal('ERR_ACCEL_CONFIG');
  });
});
