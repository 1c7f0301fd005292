import { expect } from 'chai';
import { originRequestHeaders } from '../../../src/stream/forward-headers.js';
import { clientResponseHeaders } from '../../../src/stream/response-headers.js';

describe('stream headers', () => {
  describe('originRequestHeaders', () => {
    it('passes Range and the conditional headers on', () => {
      expect(
        originRequestHeaders([
          ['Range', 'bytes=0-9'],
          ['If-None-Match', '"abc"'],
          ['If-Modified-Since', 'Sat, 28 Nov 2026 10:00:00 GMT'],
          ['If-Range', '"abc"'],
          ['If-Match', '"abc"'],
          ['If-Unmodified-Since', 'Sat, 28 Nov 2026 10:00:00 GMT'],
        ]),
      ).to.deep.equal({
        range: 'bytes=0-9',
        'if-none-match': '"abc"',
        'if-modified-since': 'Sat, 28 Nov 2026 10:00:00 GMT',
        'if-range': '"abc"',
        'if-match': '"abc"',
        'if-unmodified-since': 'Sat, 28 Nov 2026 10:00:00 GMT',
      });
    });

    it('SECURITY: never sends the client Cookie, Authorization or anything unlisted to the CDN', () => {
      const headers = originRequestHeaders([
        ['Cookie', 'session=secret'],
        ['authorization', 'Bearer secret'],
        ['X-Forwarded-For', '10.0.0.1'],
        ['Host', 'app.example'],
        ['Range', 'bytes=1-2'],
      ]);
      expect(headers).to.deep.equal({ range: 'bytes=1-2' });
    });

    it('keeps only the first of repeated headers', () => {
      expect(originRequestHeaders([['range', 'bytes=0-0'], ['Range', 'bytes=5-9']])).to.deep.equal({ range: 'bytes=0-0' });
    });
  });

  describe('clientResponseHeaders', () => {
    const origin = {
      'content-type': 'application/octet-stream',
      'content-length': '10',
      etag: '"e1"',
      'last-modified': 'Sat, 28 Nov 2026 10:00:00 GMT',
      'accept-ranges': 'bytes',
      'x-amz-request-id': 'ABC',
      server: 'AmazonS3',
      'set-cookie': ['cdn=1'],
    };

    it('copies the object headers and hides the CDN’s own', () => {
      const headers = clientResponseHeaders(origin, []);
      expect(headers).to.deep.equal([
        ['Content-Type', 'application/octet-stream'],
        ['Content-Length', '10'],
        ['ETag', '"e1"'],
        ['Last-Modified', 'Sat, 28 Nov 2026 10:00:00 GMT'],
        ['Accept-Ranges', 'bytes'],
      ]);
    });

    it('lets the app’s Content-Type and Content-Disposition win, as in Nginx', () => {
      const headers = clientResponseHeaders({ ...origin, 'content-disposition': 'inline' }, [
        ['Content-Type', 'application/pdf'],
        ['Content-Disposition', 'attachment; filename="a.pdf"'],
      ]);
      expect(headers.filter(([name]) => /^content-(type|disposition)$/i.test(name))).to.deep.equal([
        ['Content-Type', 'application/pdf'],
        ['Content-Disposition', 'attachment; filename="a.pdf"'],
      ]);
    });

    it('adds X-Accel-Charset to a textual type without a charset only', () => {
      expect(clientResponseHeaders({ 'content-type': 'text/plain' }, [], 'utf-8')).to.deep.equal([['Content-Type', 'text/plain; charset=utf-8']]);
      expect(clientResponseHeaders({ 'content-type': 'text/plain; charset=latin1' }, [], 'utf-8')).to.deep.equal([['Content-Type', 'text/plain; charset=latin1']]);
      expect(clientResponseHeaders({ 'content-type': 'image/png' }, [], 'utf-8')).to.deep.equal([['Content-Type', 'image/png']]);
    });
  });
});
