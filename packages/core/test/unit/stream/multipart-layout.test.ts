import { expect } from 'chai';
import { layoutMultipart } from '../../../src/stream/multipart-layout.js';

describe('layoutMultipart', () => {
  it('lays out RFC 9110 multipart/byteranges with an exact length', () => {
    const layout = layoutMultipart([{ start: 0, end: 1 }, { start: 5, end: 7 }], 10, 'text/plain', 'B');
    expect(layout.contentType).to.equal('multipart/byteranges; boundary=B');
    const body = `${layout.parts[0]?.head}ab${layout.parts[1]?.head}fgh${layout.trailer}`;
    expect(body).to.equal(
      '--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\nab' +
        '\r\n--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 5-7/10\r\n\r\nfgh' +
        '\r\n--B--\r\n',
    );
    expect(layout.length).to.equal(Buffer.byteLength(body));
  });

  it('draws a fresh boundary each time by default', () => {
    expect(layoutMultipart([{ start: 0, end: 0 }], 1, 'a/b').contentType).to.not.equal(layoutMultipart([{ start: 0, end: 0 }], 1, 'a/b').contentType);
  });
});
