import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Pair } from '../../src/sigv4/canonical.js';
import { normalizePath } from '../../src/sigv4/canonical.js';
import { signQuery } from '../../src/sigv4/query-signer.js';
import { uriEncode } from '../../src/sigv4/uri-encode.js';

// aws-c-auth's vectors, vendored byte for byte in test/vectors/sigv4/aws-c-auth/ (provenance in test/vectors/sigv4/README.md).
const suite = new URL('../vectors/sigv4/aws-c-auth/v4/', import.meta.url);

interface Context {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  expiration_in_seconds: number;
  normalize: boolean;
  region: string;
  service: string;
  timestamp: string;
  omit_session_token?: boolean;
}

interface ParsedRequest { method: string; path: string; query: Pair[]; headers: Pair[]; body: string }

/** request.txt: request line, headers with obsolete folding (continuations join with one space), body. */
function parseRequest(text: string): ParsedRequest {
  const [head = '', body = ''] = text.split(/\n\n/, 2);
  const [requestLine = '', ...headerLines] = head.replace(/\n$/, '').split('\n');
  const [, method = '', target = ''] = /^(\S+) (.*) HTTP\/1\.1$/.exec(requestLine) ?? [];
  const headers: [string, string][] = [];
  for (const line of headerLines) {
    const last = headers.at(-1);
    if (/^\s/.test(line) && last !== undefined) last[1] = `${last[1]} ${line.trim()}`;
    else if (line !== '') headers.push([line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]);
  }
  const questionMark = target.indexOf('?');
  const path = questionMark === -1 ? target : target.slice(0, questionMark);
  const rawQuery = questionMark === -1 ? '' : target.slice(questionMark + 1);
  const query: Pair[] = rawQuery === '' ? [] : rawQuery.split('&').map((part) => {
    const [name = '', value = ''] = part.split('=', 2);
    return [decodeURIComponent(name), decodeURIComponent(value)] as const;
  });
  return { method, path, query, headers, body };
}

function read(caseName: string, file: string): string {
  return readFileSync(new URL(`${caseName}/${file}`, suite), 'utf8');
}

const cases = readdirSync(fileURLToPath(suite)).sort();

describe('SigV4 query signing — aws-c-auth vectors (test/vectors/sigv4/aws-c-auth/v4)', () => {
  it('finds all 38 cases', () => {
    expect(cases).to.have.length(38);
  });

  for (const caseName of cases) {
    it(caseName, () => {
      const context = JSON.parse(read(caseName, 'context.json')) as Context;
      const request = parseRequest(read(caseName, 'request.txt'));
      const path = context.normalize ? normalizePath(request.path) : request.path;
      const result = signQuery({
        method: request.method,
        canonicalUri: uriEncode(path, true),
        query: request.query,
        headers: request.headers,
        payloadHash: createHash('sha256').update(request.body).digest('hex'),
        accessKeyId: context.credentials.access_key_id,
        secretAccessKey: context.credentials.secret_access_key,
        sessionToken: context.credentials.token,
        omitSessionTokenFromSignature: context.omit_session_token === true,
        region: context.region,
        service: context.service,
        signingTime: Date.parse(context.timestamp),
        expiresIn: context.expiration_in_seconds,
      });
      // On a mismatch, say where it diverges: the canonical request first, then the string to sign.
      expect(result.canonicalRequest, 'canonical request').to.equal(read(caseName, 'query-canonical-request.txt'));
      expect(result.stringToSign, 'string to sign').to.equal(read(caseName, 'query-string-to-sign.txt'));
      expect(result.signature, 'signature').to.equal(read(caseName, 'query-signature.txt').trim());
    });
  }
});
