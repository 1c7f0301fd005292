import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { prepareHmac } from '../../../src/keys/prepared-hmac.js';

const algorithms = ['sha1', 'sha256'] as const;

describe('prepareHmac', () => {
  it("reproduces RFC 4231's HMAC-SHA256 test case 2 and RFC 2202's HMAC-SHA1 test case 2", () => {
    expect(prepareHmac('sha256', Buffer.from('Jefe'))('what do ya want for nothing?', 'hex')).to.equal('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(prepareHmac('sha1', Buffer.from('Jefe'))('what do ya want for nothing?', 'hex')).to.equal('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
  });

  it('is createHmac for any key (shorter, as long as and longer than the block) and any text, UTF-8 or latin1', () => {
    fc.assert(fc.property(
      fc.constantFrom(...algorithms),
      fc.uint8Array({ maxLength: 150 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constantFrom('base64url' as const, 'hex' as const),
      (algorithm, key, text, output) => {
        const mac = prepareHmac(algorithm, key);
        expect(mac(text, output)).to.equal(createHmac(algorithm, key).update(text, 'utf8').digest(output));
        expect(mac(text, output, 'latin1')).to.equal(createHmac(algorithm, key).update(text, 'latin1').digest(output));
      },
    ), { numRuns: 500 });
  });

  it('keeps each key apart and each message apart: no state carries from one call to the next', () => {
    const first = prepareHmac('sha256', Buffer.from('first key'));
    const second = prepareHmac('sha256', Buffer.from('second key'));
    const long = 'é'.repeat(3000);
    const expected = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');
    for (const text of ['a longer message than the next one', 'short', long, 'short', '']) {
      expect(first(text, 'hex')).to.equal(expected('first key', text));
      expect(second(text, 'hex')).to.equal(expected('second key', text));
    }
  });
});
