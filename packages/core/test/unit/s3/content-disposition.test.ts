import { expect } from 'chai';
import fc from 'fast-check';
import { contentDispositionAttachment } from '../../../src/s3/content-disposition.js';

/** Decodes `filename*=UTF-8''…` the way a browser does (RFC 8187). */
function extendedFilename(header: string): string | undefined {
  const match = /filename\*=UTF-8''([^;]*)/.exec(header);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

describe('s3/contentDispositionAttachment', () => {
  it('plain ASCII names get only the quoted filename', () => {
    expect(contentDispositionAttachment('report 2024.pdf')).to.equal('attachment; filename="report 2024.pdf"');
  });

  it('non-ASCII names get an ASCII fallback plus filename*', () => {
    expect(contentDispositionAttachment('résumé.pdf')).to.equal('attachment; filename="r_sum_.pdf"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.pdf');
    expect(contentDispositionAttachment('😀.txt', { inline: true })).to.equal('inline; filename="__.txt"; filename*=UTF-8\'\'%F0%9F%98%80.txt');
  });

  it('escapes quotes and backslashes and adds filename* for them', () => {
    expect(contentDispositionAttachment('a"b\\c.txt')).to.equal('attachment; filename="a\\"b\\\\c.txt"; filename*=UTF-8\'\'a%22b%5Cc.txt');
  });

  it('SECURITY: refuses CR/LF and other control characters (header splitting)', () => {
    for (const name of ['a\r\nSet-Cookie: x=1', 'a\u0000b', 'tab\there', '', '\uD800.txt']) {
      expect(() => contentDispositionAttachment(name), JSON.stringify(name)).to.throw().with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    }
  });

  it('round-trips any printable name through filename* and stays a single header line (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s)), (name) => {
        const header = contentDispositionAttachment(name);
        expect(header).to.match(/^[\x20-\x7e]+$/);
        expect(extendedFilename(header) ?? /filename="(.*)"$/.exec(header)?.[1]).to.equal(name);
      }),
      { numRuns: 300 },
    );
  });
});
