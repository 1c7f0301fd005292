import { expect } from 'chai';
import fc from 'fast-check';
import { headerText } from '../../../src/header/header-bytes.js';

const asWireBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

describe('headerText', () => {
  it('decodes UTF-8 bytes handed over as Latin-1 characters', () => {
    expect(headerText('/p/\u00c3\u00a9.pdf')).to.equal('/p/é.pdf');
    expect(headerText(asWireBytes('/文件/报告.pdf'))).to.equal('/文件/报告.pdf');
  });

  it('keeps ASCII, wider JavaScript strings and bytes that are not UTF-8 unchanged', () => {
    for (const value of ['/p/plain.pdf', '/p/é ✓', '/p/\u00e9.pdf', '/p/\u00c3(']) expect(headerText(value)).to.equal(value);
  });

  it('property: any text sent as UTF-8 bytes reads back as itself', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => headerText(asWireBytes(text)) === text));
  });

  it('property: never changes a value that holds a character beyond one byte', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      const value = `${text}✓`;
      return headerText(value) === value;
    }));
  });
});
