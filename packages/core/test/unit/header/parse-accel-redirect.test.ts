import { expect } from 'chai';
import fc from 'fast-check';
import { parseAccelRedirect } from '../../../src/header/parse-accel-redirect.js';

function refusal(value: string): string | undefined {
  try {
    parseAccelRedirect(value);
    return undefined;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('parseAccelRedirect (Nginx ngx_http_parse_unsafe_uri semantics)', () => {
  it('trims, percent-decodes the path once and keeps the query after the first literal ? verbatim', () => {
    expect(parseAccelRedirect('  /protected/moby%20dick.pdf?a=%41&b=c?d ')).to.deep.equal({ path: '/protected/moby dick.pdf', query: 'a=%41&b=c?d' });
  });

  it('decodes %3F in the path as part of the name, not as the query separator', () => {
    expect(parseAccelRedirect('/p/a%3Fb?x')).to.deep.equal({ path: '/p/a?b', query: 'x' });
  });

  it('decodes only once: %252e stays a literal %2e', () => {
    expect(parseAccelRedirect('/p/%252e%252e/x').path).to.equal('/p/%2e%2e/x');
  });

  it('decodes UTF-8 escapes', () => {
    expect(parseAccelRedirect('/p/%C3%A9t%C3%A9.txt').path).to.equal('/p/été.txt');
  });

  it('reads raw UTF-8 header bytes (as Node hands them over, one Latin-1 character per byte) as UTF-8', () => {
    const bytes = Buffer.from('/p/été.pdf?n=é', 'utf8').toString('latin1');
    expect(parseAccelRedirect(bytes)).to.deep.equal({ path: '/p/été.pdf', query: 'n=%C3%A9' });
    expect(parseAccelRedirect(bytes)).to.deep.equal(parseAccelRedirect('/p/%C3%A9t%C3%A9.pdf?n=é'));
  });

  it('keeps a JavaScript string as it is, and bytes that are not UTF-8 as Latin-1 characters', () => {
    expect(parseAccelRedirect('/p/été ✓.pdf').path).to.equal('/p/été ✓.pdf');
    expect(parseAccelRedirect('/p/\xe9t\xe9.pdf').path).to.equal('/p/été.pdf');
  });

  it('percent-encodes bytes that would change the URL in the query (space, #, quotes, non-ASCII)', () => {
    expect(parseAccelRedirect('/p/x?a b#c"é').query).to.equal('a%20b%23c%22%C3%A9');
  });

  // SECURITY: each of these is an attack or an accident the parser must refuse.
  const unsafe: Array<[string, string]> = [
    ['', 'empty'],
    ['   ', 'blank'],
    ['relative/path', 'relative'],
    ['https://evil.example/x', 'absolute URL'],
    ['//evil.example/x', 'protocol-relative'],
    ['/p/../x', 'dot-dot'],
    ['/p/./x', 'dot'],
    ['/p/..', 'trailing dot-dot'],
    ['/p//x', 'empty segment'],
    ['/p/x/', 'trailing slash'],
    ['/p/%2e%2e/x', 'encoded dot-dot'],
    ['/p/%2E%2e/x', 'mixed-case encoded dot-dot'],
    ['/p/.%2e/x', 'half-encoded dot-dot'],
    ['/p/%2F/x', 'encoded empty segment'],
    ['/%2Fevil.example/x', 'encoded protocol-relative'],
    ['/p/a%00b', 'encoded NUL'],
    ['/p/a\u0000b', 'NUL'],
    ['/p/a\\b', 'backslash'],
    ['/p/a%5Cb', 'encoded backslash'],
    ['/p/a\r\nSet-Cookie: x=y', 'CRLF'],
    ['/p/a%0D%0ASet-Cookie:%20x=y', 'encoded CRLF'],
    ['/p/x?a\r\nb', 'CRLF in the query'],
    ['/p/%zz', 'malformed escape'],
    ['/p/%C3', 'truncated UTF-8'],
    ['/p/%ED%A0%80', 'encoded surrogate'],
    ['/p/\uD800x', 'lone surrogate'],
    ['/p/\u007f', 'DEL'],
    [`/p/${'a'.repeat(5000)}`, 'overlong'],
    ['?x', 'query only'],
  ];
  for (const [value, label] of unsafe) {
    it(`refuses ${label} with ERR_ACCEL_UNSAFE_PATH (404)`, () => {
      expect(refusal(value)).to.equal('ERR_ACCEL_UNSAFE_PATH');
    });
  }

  it('property: an accepted path is absolute, has no empty/dot segments, controls or backslashes; the query has no controls', () => {
    const pieces = fc.constantFrom('a', 'b', '.', '..', '%2e', '%2E', '%2f', '%2F', '/', '//', '%00', '%0a', '\r', '\n', '\\', '%5c', '?', '%3f', '#', ' ', 'é', '%C3%A9', '%', '%25', 'protected', '\u0000', '\uD800');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 12 }), fc.boolean(), (parts, leading) => {
      const value = (leading ? '/' : '') + parts.join('');
      let parsed;
      try {
        parsed = parseAccelRedirect(value);
      } catch (error) {
        expect((error as { code: string }).code).to.equal('ERR_ACCEL_UNSAFE_PATH');
        return;
      }
      expect(parsed.path.startsWith('/')).to.equal(true);
      expect(parsed.path.startsWith('//')).to.equal(false);
      for (const segment of parsed.path.slice(1).split('/')) expect(['', '.', '..']).not.to.include(segment);
      expect(parsed.path).not.to.match(/[\u0000-\u001f\u007f\\]/);
      expect(parsed.query).to.match(/^[\x21-\x7e]*$/);
      expect(parsed.query).not.to.include('#');
    }), { numRuns: 3000 });
  });
});
