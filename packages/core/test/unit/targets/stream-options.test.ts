import { expect } from 'chai';
import { createAccel } from '../../../src/engine/create-accel.js';
import type { StreamDecision } from '../../../src/contract/decision.js';
import { checkStreamOptions } from '../../../src/targets/stream-options.js';
import { signed } from '../../../src/targets/signed-target.js';
import { s3 } from '../../../src/targets/s3-target.js';
import { configFailure, decide } from './target-helpers.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('stream location options (limitRate, limitRateAfter, expires, addHeaders)', () => {
  it('validates once into settings, with always and Nginx forms of expires', () => {
    const settings = checkStreamOptions({ limitRate: 1024, limitRateAfter: 4096, expires: -10, addHeaders: { 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': { value: 'DENY', always: true } } }, 's3', 'stream');
    expect(settings).to.deep.equal({
      limitRate: 1024,
      limitRateAfter: 4096,
      headers: { expires: -10, add: [['X-Content-Type-Options', 'nosniff', false], ['X-Frame-Options', 'DENY', true]] },
    });
    expect(Object.isFrozen(settings)).to.equal(true);
    expect(checkStreamOptions({ expires: 'max' }, 's3', 'stream')).to.deep.equal({ headers: { expires: 'max', add: [] } });
    expect(checkStreamOptions({}, 's3', 'stream')).to.equal(undefined);
    expect(checkStreamOptions({ limitRate: 0 }, 's3', 'stream')).to.deep.equal({});
  });

  it('refuses them where the CDN serves the bytes, naming the field and the fix', () => {
    expect(configFailure(() => checkStreamOptions({ addHeaders: { 'X-A': 'b' } }, 'cloudfront', 'redirect'))).to.match(/^cloudfront\.addHeaders: applies where cdn-accel serves the bytes .* mode is 'redirect'\. Set these headers or limits in the CDN \(a CloudFront response headers policy/);
    expect(configFailure(() => checkStreamOptions({ limitRate: 100 }, 'cloudfront', 'cookies'))).to.match(/^cloudfront\.limitRate: .*'cookies'/);
    expect(configFailure(() => s3({ bucket: 'acme-reports', region: 'eu-west-1', credentials, expires: 60 }))).to.match(/^s3\.expires: applies where cdn-accel serves the bytes/);
  });

  it('refuses bad numbers', () => {
    expect(configFailure(() => checkStreamOptions({ limitRate: -1 }, 's3', 'stream'))).to.match(/^s3\.limitRate: expected a whole number of bytes .* Use bytes per second, e\.g\. 102400/);
    expect(configFailure(() => checkStreamOptions({ limitRateAfter: 1.5 }, 's3', 'stream'))).to.match(/^s3\.limitRateAfter: expected a whole number of bytes/);
    expect(configFailure(() => checkStreamOptions({ expires: '1h' as never }, 's3', 'stream'))).to.match(/^s3\.expires: expected seconds from now .* got the string "1h"\. Use e\.g\. 3600/);
    expect(configFailure(() => checkStreamOptions({ expires: 1e12 }, 's3', 'stream'))).to.match(/^s3\.expires: expected seconds/);
  });

  it('SECURITY: refuses header names that are no tokens, and values that could start a header of their own', () => {
    expect(configFailure(() => checkStreamOptions({ addHeaders: { 'X A': 'b' } }, 'files', 'stream'))).to.match(/^files\.addHeaders\["X A"\]: "X A" is not a header name/);
    expect(configFailure(() => checkStreamOptions({ addHeaders: { 'X-A': 'b\r\nSet-Cookie: a=1' } }, 'files', 'stream'))).to.match(/^files\.addHeaders\["X-A"\]: expected a header value on one line, got a value with CR, LF or NUL/);
    expect(configFailure(() => checkStreamOptions({ addHeaders: { 'X-A': 'b\0' } }, 'files', 'stream'))).to.match(/CR, LF or NUL/);
    expect(configFailure(() => checkStreamOptions({ addHeaders: { 'X-A': 5 as never } }, 'files', 'stream'))).to.match(/^files\.addHeaders\["X-A"\]: expected a header value on one line, got the number 5/);
    expect(configFailure(() => checkStreamOptions({ addHeaders: { 'X-A': { value: 'b', always: 'yes' as never } } }, 'files', 'stream'))).to.match(/^files\.addHeaders\["X-A"\]\.always: expected true or false/);
    expect(configFailure(() => checkStreamOptions({ addHeaders: { 'X-A': { value: 'b', when: 'x' } as never } }, 'files', 'stream'))).to.match(/^files\.addHeaders\["X-A"\]\.when: is not a field/);
    expect(configFailure(() => checkStreamOptions({ addHeaders: ['X-A'] as never }, 'files', 'stream'))).to.match(/^files\.addHeaders: expected an object/);
  });

  it('SECURITY: refuses framing, hop-by-hop and internal headers, and Set-Cookie', () => {
    for (const name of ['Content-Length', 'transfer-encoding', 'Connection', 'Keep-Alive', 'Upgrade', 'TE', 'Trailer', 'Host', 'Content-Range', 'X-Accel-Redirect', 'X-Accel-Limit-Rate', 'X-Sendfile', 'X-LIGHTTPD-send-file']) {
      expect(configFailure(() => checkStreamOptions({ addHeaders: { [name]: 'x' } }, 'files', 'stream'))).to.equal(`files.addHeaders["${name}"]: ${name} may not be added by a location. Leave it out: cdn-accel and the HTTP server set it`);
    }
    expect(configFailure(() => checkStreamOptions({ addHeaders: { 'Set-Cookie': 'a=1' } }, 'files', 'stream'))).to.match(/Let the app set its cookies/);
  });

  it('signed() accepts them in stream mode', () => {
    const target = signed({ hosts: ['bucket.example'], mode: 'stream', addHeaders: { 'X-A': 'b' } });
    expect(target.streamSettings).to.deep.equal({ headers: { add: [['X-A', 'b', false]] } });
  });

  it("carries them into each stream decision; the app's X-Accel-Limit-Rate wins, its 0 lifting the limit", async () => {
    const target = s3({ bucket: 'acme-reports', region: 'eu-west-1', credentials, mode: 'stream', limitRate: 1000, limitRateAfter: 500, addHeaders: { 'X-A': 'b' } });
    const accel = createAccel({ locations: { '/p/': target } });
    await accel.ready();
    const plain = (await decide(accel, '/p/a')) as StreamDecision;
    expect(plain).to.include({ limitRate: 1000, limitRateAfter: 500 });
    expect(plain.headerRules).to.equal(target.streamSettings?.headers);
    expect(await decide(accel, '/p/a', {}, { 'X-Accel-Limit-Rate': '50000' })).to.include({ limitRate: 50000 });
    expect(await decide(accel, '/p/a', {}, { 'X-Accel-Limit-Rate': '0' })).not.to.have.property('limitRate');
    expect(await decide(accel, '/p/a', {}, { 'X-Accel-Limit-Rate': 'fast' })).to.include({ limitRate: 1000 });
  });
});
