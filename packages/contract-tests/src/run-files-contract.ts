import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createAccel } from '@cdn-accel/core';
import { files } from '@cdn-accel/files';
import type { AppHandler, AppResponse, ContractDriver, RunningApp } from './driver.js';
import { recordingLogger } from './fixtures.js';
import { accelHeadersIn, firstChunkSize, sendBytes, type BytesResponse } from './http-client.js';

const TEXT = Buffer.from('0123456789'.repeat(100));
const SECRET = 'outside the root';

/**
 * The app answers `/download?path=<X-Accel-Redirect>` and passes on what the query asks for: a download name,
 * a `Content-Type`, `X-Accel-Limit-Rate`, `X-Accel-Charset`. Its body is a string: the framework gives it a type.
 */
const app: AppHandler = (request): AppResponse => {
  const query = new URL(request.url, 'http://x').searchParams;
  const headers: Array<[string, string]> = [['X-Accel-Redirect', query.get('path') ?? ''], ['Set-Cookie', 'seen=1']];
  const disposition = query.get('name');
  if (disposition !== null) headers.push(['Content-Disposition', `attachment; filename="${disposition}"`]);
  const rate = query.get('rate');
  if (rate !== null) headers.push(['X-Accel-Limit-Rate', rate]);
  const type = query.get('type');
  if (type !== null) headers.push(['Content-Type', type]);
  const charset = query.get('charset');
  if (charset !== null) headers.push(['X-Accel-Charset', charset]);
  // An app that clears its type (as Django apps do for Nginx) sends a stream, which frameworks give no type.
  return { headers, body: type === '' ? Readable.from([]) : 'app body, never sent' };
};

/** The folder served, and a secret beside it that no request may reach. */
function makeTree(): { base: string; root: string } {
  const base = mkdtempSync(join(tmpdir(), 'cdn-accel-files-contract-'));
  const root = join(base, 'root');
  mkdirSync(join(root, 'books', '.hidden'), { recursive: true });
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'secret.txt'), SECRET);
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(root, 'books', 'a.txt'), TEXT);
  writeFileSync(join(root, 'books', '100%.txt'), 'percent');
  writeFileSync(join(root, 'books', '.hidden', 'x.txt'), 'hidden');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  symlinkSync(join(base, 'outside', 'secret.txt'), join(root, 'out-link.txt'));
  symlinkSync(join(base, 'outside'), join(root, 'out-folder'));
  symlinkSync(join(root, 'books', 'a.txt'), join(root, 'in-link.txt'));
  symlinkSync(join(root, '.env'), join(root, 'env-link.txt'));
  symlinkSync(join(root, 'books', 'a.txt'), join(root, '.dot-link.txt'));
  return { base, root };
}

function download(path: string, extra: Record<string, string> = {}): string {
  return `/download?${new URLSearchParams({ path, ...extra }).toString()}`;
}

/** The parts of a `multipart/byteranges` body: each part's Content-Range and bytes. */
function multipartParts(response: BytesResponse): Array<{ range: string; type: string; body: string }> {
  const boundary = /boundary=([^;]+)$/.exec(String(response.headers['content-type']))?.[1];
  expect(boundary, 'a boundary').to.be.a('string');
  const text = response.body.toString('latin1');
  expect(text.endsWith(`\r\n--${boundary}--\r\n`)).to.equal(true);
  return text
    .slice(0, -`\r\n--${boundary}--\r\n`.length)
    .split(`--${boundary}\r\n`)
    .slice(1)
    .map((part) => {
      const [head = '', body = ''] = part.split('\r\n\r\n');
      const field = (name: string): string => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1] ?? '';
      return { range: field('Content-Range'), type: field('Content-Type'), body: body.replace(/\r\n$/, '') };
    });
}

/**
 * Local-file locations (`files()` from @cdn-accel/files) through `driver`: a folder on disk served like Nginx's
 * `internal` + `alias`, with its HTTP semantics and its security checks. Declares its own `describe` block.
 */
export function runFilesContract(driver: ContractDriver): void {
  describe(`cdn-accel local files: ${driver.name}`, () => {
    let tree: { base: string; root: string };
    let front: RunningApp;
    const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<BytesResponse> => sendBytes(front.url, path, { method, headers });

    before(async () => {
      tree = makeTree();
      const accel = createAccel({
        locations: {
          '/files/': files({ root: tree.root }),
          '/linked/': files({ root: tree.root, followSymlinks: true }),
          '/typed/': files({ root: tree.root, contentType: 'app' }),
          '/dots/': files({ root: tree.root, dotfiles: 'allow' }),
        },
        logger: recordingLogger(),
      });
      front = await driver.start({ accel, app });
    });

    after(async () => {
      await front?.close();
      if (tree !== undefined) rmSync(tree.base, { recursive: true, force: true });
    });

    it('serves the file with its type, length, ETag and Last-Modified; the app’s Content-Disposition and Set-Cookie survive', async () => {
      const reply = await get(download('/files/books/a.txt', { name: 'a.txt' }));
      expect(reply.status).to.equal(200);
      expect(reply.body.equals(TEXT)).to.equal(true);
      expect(reply.headers['content-type']).to.equal('text/plain');
      expect(reply.headers['content-length']).to.equal(String(TEXT.length));
      expect(reply.headers['accept-ranges']).to.equal('bytes');
      expect(reply.headers.etag).to.match(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
      expect(reply.headers['last-modified']).to.equal(statSync(join(tree.root, 'books', 'a.txt')).mtime.toUTCString());
      expect(reply.headers['content-disposition']).to.equal('attachment; filename="a.txt"');
      expect(reply.headers['set-cookie']).to.deep.equal(['seen=1']);
      expect(accelHeadersIn(reply.headers)).to.deep.equal([]);
      expect(JSON.stringify(reply.headers)).not.to.include(tree.root);
    });

    it('serves a file whose name holds a percent sign, decoded once', async () => {
      const reply = await get(download('/files/books/100%25.txt'));
      expect(reply.status).to.equal(200);
      expect(reply.body.toString()).to.equal('percent');
    });

    it('answers one Range with 206, and a range past the end with 416', async () => {
      const part = await get(download('/files/books/a.txt'), { Range: 'bytes=10-19' });
      expect(part.status).to.equal(206);
      expect(part.headers['content-range']).to.equal(`bytes 10-19/${TEXT.length}`);
      expect(part.headers['content-length']).to.equal('10');
      expect(part.body.toString()).to.equal('0123456789');
      const past = await get(download('/files/books/a.txt'), { Range: 'bytes=5000-5009' });
      expect(past.status).to.equal(416);
      expect(past.headers['content-range']).to.equal(`bytes */${TEXT.length}`);
      expect(past.body.length).to.equal(0);
    });

    it('answers several ranges with 206 multipart/byteranges, each part with its type and Content-Range', async () => {
      const reply = await get(download('/files/books/a.txt'), { Range: 'bytes=0-4,20-24,990-' });
      expect(reply.status).to.equal(206);
      expect(reply.headers['content-type']).to.match(/^multipart\/byteranges; boundary=[0-9a-f]+$/);
      expect(reply.headers['content-length']).to.equal(String(reply.body.length));
      expect(reply.headers['content-range']).to.equal(undefined);
      expect(multipartParts(reply)).to.deep.equal([
        { range: `bytes 0-4/${TEXT.length}`, type: 'text/plain', body: '01234' },
        { range: `bytes 20-24/${TEXT.length}`, type: 'text/plain', body: '01234' },
        { range: `bytes 990-999/${TEXT.length}`, type: 'text/plain', body: '0123456789' },
      ]);
    });

    it('answers several ranges whole when If-Range no longer matches', async () => {
      const reply = await get(download('/files/books/a.txt'), { Range: 'bytes=0-4,20-24', 'If-Range': '"stale"' });
      expect(reply.status).to.equal(200);
      expect(reply.body.equals(TEXT)).to.equal(true);
    });

    it('answers HEAD with the length and no body, for one range or several', async () => {
      const head = await get(download('/files/books/a.txt'), {}, 'HEAD');
      expect(head.status).to.equal(200);
      expect(head.headers['content-length']).to.equal(String(TEXT.length));
      expect(head.body.length).to.equal(0);
      const parts = await get(download('/files/books/a.txt'), { Range: 'bytes=0-4,20-24' }, 'HEAD');
      expect(parts.status).to.equal(206);
      expect(parts.headers['content-type']).to.match(/^multipart\/byteranges; boundary=/);
      expect(Number(parts.headers['content-length'])).to.be.above(10);
      expect(parts.body.length).to.equal(0);
    });

    it('answers If-None-Match and If-Modified-Since with 304, If-Match and If-Unmodified-Since with 412', async () => {
      const first = await get(download('/files/books/a.txt'));
      const etag = String(first.headers.etag);
      const modified = String(first.headers['last-modified']);
      const byTag = await get(download('/files/books/a.txt'), { 'If-None-Match': etag });
      expect(byTag.status).to.equal(304);
      expect(byTag.body.length).to.equal(0);
      expect(byTag.headers.etag).to.equal(etag);
      expect((await get(download('/files/books/a.txt'), { 'If-Modified-Since': modified })).status).to.equal(304);
      expect((await get(download('/files/books/a.txt'), { 'If-Match': '"other"' })).status).to.equal(412);
      expect((await get(download('/files/books/a.txt'), { 'If-Unmodified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status).to.equal(412);
      expect((await get(download('/files/books/a.txt'), { 'If-Match': etag })).status).to.equal(200);
    });

    it('sends the file’s type, not the framework’s default nor the app’s, unless the location takes the app’s', async () => {
      expect((await get(download('/files/books/a.txt', { type: 'application/x-app' }))).headers['content-type']).to.equal('text/plain');
      // Express's res.send adds a charset to the app's type.
      const typed = await get(download('/typed/books/a.txt', { type: 'application/x-app' }));
      expect(typed.headers['content-type']).to.match(/^application\/x-app(; charset=utf-8)?$/);
      const parts = await get(download('/typed/books/a.txt', { type: 'application/x-app' }), { Range: 'bytes=0-0,9-9' });
      expect(multipartParts(parts).map((part) => part.type)).to.deep.equal([typed.headers['content-type'], typed.headers['content-type']]);
      // An empty type is no type, as in Nginx: the file's is sent.
      expect((await get(download('/typed/books/a.txt', { type: '' }))).headers['content-type']).to.equal('text/plain');
    });

    it('adds X-Accel-Charset to the text type', async () => {
      const reply = await get(download('/files/books/a.txt', { charset: 'koi8-r' }));
      expect(reply.headers['content-type']).to.equal('text/plain; charset=koi8-r');
    });

    it('throttles to X-Accel-Limit-Rate: the first bytes come alone', async () => {
      // 10 bytes a second goes out a byte at a time; unthrottled, the whole file comes in one chunk.
      expect(await firstChunkSize(front.url, download('/files/books/a.txt', { rate: '10' }))).to.be.below(TEXT.length / 10);
    });

    describe('SECURITY', () => {
      const refusedPaths = {
        'a literal ..': '/files/../secret.txt',
        'an encoded ..': '/files/%2e%2e/secret.txt',
        'an encoded .. in a folder': '/files/books/%2E%2E/%2e%2e/secret.txt',
        'a double-encoded ..': '/files/books/%252e%252e/%252e%252e/secret.txt',
        'backslashes': '/files/books\\..\\..\\secret.txt',
        'encoded backslashes': '/files/books%5C..%5C..%5Csecret.txt',
        'a NUL': '/files/books/a.txt%00.pdf',
        'a symlink out of root': '/files/out-link.txt',
        'a file through a symlinked folder out of root': '/files/out-folder/secret.txt',
        'a dotfile': '/files/.env',
        'a file in a dot folder': '/files/books/.hidden/x.txt',
        'a symlink to a dotfile': '/files/env-link.txt',
        'a dot-named symlink to a plain file': '/files/.dot-link.txt',
        'a symlink to a dotfile where symlinks out of root are followed': '/linked/env-link.txt',
        'a symlink out of root where dotfiles are allowed': '/dots/out-link.txt',
        'a folder': '/files/books',
        'a folder with a trailing slash': '/files/books/',
        'the root itself': '/files/',
        'a missing file': '/files/books/missing.txt',
      };
      for (const [what, path] of Object.entries(refusedPaths)) {
        it(`answers 404 for ${what}, naming nothing`, async () => {
          const reply = await get(download(path));
          expect(reply.status).to.equal(404);
          expect(reply.body.toString()).not.to.include(SECRET);
          expect(reply.body.toString()).not.to.include('a.txt');
          expect(reply.body.toString()).not.to.include('app body');
          expect(JSON.stringify(reply.headers)).not.to.include(tree.root);
          expect(accelHeadersIn(reply.headers)).to.deep.equal([]);
        });
      }

      it('follows a symlink that stays inside root', async () => {
        const reply = await get(download('/files/in-link.txt'));
        expect(reply.status).to.equal(200);
        expect(reply.body.equals(TEXT)).to.equal(true);
      });

      it('follows symlinks out of root only where followSymlinks is on', async () => {
        const reply = await get(download('/linked/out-link.txt'));
        expect(reply.status).to.equal(200);
        expect(reply.body.toString()).to.equal(SECRET);
      });

      it('serves dotfiles only where dotfiles are allowed', async () => {
        const reply = await get(download('/dots/.env'));
        expect(reply.status).to.equal(200);
        expect(reply.body.toString()).to.equal('SECRET=1');
      });
    });
  });
}
