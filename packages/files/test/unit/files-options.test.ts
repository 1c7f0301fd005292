import { expect } from 'chai';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { files } from '../../src/index.js';

function configFailure(run: () => unknown): { code?: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a config error');
}

describe('files() options', () => {
  let base = '';
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'cdn-accel-files-options-'));
    writeFileSync(join(base, 'a-file'), 'x');
    symlinkSync(base, join(base, 'link'));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('takes limitRate, limitRateAfter, expires and addHeaders, checked by the core, named as files options', () => {
    const target = files({ root: base, limitRate: 1024, expires: 60, addHeaders: { 'X-Content-Type-Options': 'nosniff' } });
    expect(target.streamSettings).to.deep.equal({ limitRate: 1024, headers: { expires: 60, add: [['X-Content-Type-Options', 'nosniff', false]] } });
    expect(files({ root: base }).streamSettings).to.equal(undefined);
    const refused = configFailure(() => files({ root: base, addHeaders: { 'Content-Length': '1' } }));
    expect(refused).to.include({ code: 'ERR_ACCEL_CONFIG' });
    expect(refused.message).to.match(/^files\.addHeaders\["Content-Length"\]: Content-Length may not be added by a location/);
  });

  it('makes a stream target of kind files with its own stream source', () => {
    const target = files({ root: base });
    expect(target).to.include({ kind: 'files', mode: 'stream', methodBound: false });
    expect(target.streamSource).to.have.property('open').that.is.a('function');
    expect(target.carry).to.deep.equal({ contentDisposition: true, cacheControl: true, contentType: false });
    expect(files({ root: base, contentType: 'app' }).carry.contentType).to.equal(true);
  });

  it('maps a key to a file: URL under root, and refuses a key that climbs out', () => {
    const target = files({ root: `${base}/` });
    const input = { query: '', expiresAt: 0, method: 'GET' as const, nowMs: 0 };
    expect(target.sign({ ...input, key: 'books/a b.pdf' })).to.deep.equal({ url: `file://${base}/books/a%20b.pdf` });
    expect(() => target.sign({ ...input, key: '../etc/passwd' })).to.throw().with.property('code', 'ERR_ACCEL_INVALID_INPUT');
  });

  it('accepts a root that is a symlink to a folder', () => {
    expect(files({ root: join(base, 'link') }).kind).to.equal('files');
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['no root', {}, /^files\.root: expected the absolute path of a folder, got nothing\. Give the absolute path/],
    ['a relative root', { root: 'media/files' }, /^files\.root: "media\/files" is a relative path; .*\. Give the absolute path of an existing folder/],
    ['a missing root', { root: '/no/such/folder' }, /^files\.root: "\/no\/such\/folder" cannot be read \(ENOENT\)\. Create the folder, or fix the path/],
    ['a root that is a file', { root: 'FILE' }, /^files\.root: ".*a-file" is a file, not a folder\. Give the absolute path/],
    ['mode redirect', { mode: 'redirect' }, /^files\.mode: local files have no 'redirect' mode; their only mode is 'stream'\. Leave mode out/],
    ['mode cookies', { mode: 'cookies' }, /^files\.mode: local files have no 'cookies' mode; their only mode is 'stream'/],
    ['a mode that is no mode', { mode: 'fast' }, /^files\.mode: expected 'stream', got the string "fast"/],
    ['followSymlinks not a boolean', { followSymlinks: 'yes' }, /^files\.followSymlinks: expected true or false, got the string "yes"/],
    ['dotfiles deny', { dotfiles: 'deny' }, /^files\.dotfiles: expected 'ignore' or 'allow', got the string "deny"/],
    ['contentType origin', { contentType: 'origin' }, /^files\.contentType: expected 'file' or 'app', got the string "origin"/],
  ];
  for (const [what, options, message] of bad) {
    it(`fails at startup with the field and the fix: ${what}`, () => {
      const given = { root: base, ...(options as object) } as Record<string, unknown>;
      if (given.root === 'FILE') given.root = join(base, 'a-file');
      if (!('root' in (options as object)) && what === 'no root') delete given.root;
      const error = configFailure(() => files(given as never));
      expect(error.code).to.equal('ERR_ACCEL_CONFIG');
      expect(error.message).to.match(message);
    });
  }

  it('fails without an options object', () => {
    expect(configFailure(() => files(undefined as never)).message).to.match(/^files\(\): expected an options object/);
  });
});
