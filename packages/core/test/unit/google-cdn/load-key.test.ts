import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createGoogleCdnSigner } from '../../../src/google-cdn/create-signer.js';
import { loadGoogleCdnKey } from '../../../src/google-cdn/load-key.js';

const KEY = 'nZtRohdNF9m3cKM24IcK4w==';
const RAW = Buffer.from(KEY, 'base64url');

function configErrorOf(action: () => unknown): { code: string; message: string } {
  try {
    action();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected an error');
}

describe('loadGoogleCdnKey', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdn-accel-gcdn-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes the base64url text, padded or not, and the 16 raw bytes', () => {
    expect(loadGoogleCdnKey(KEY, 'key')).to.deep.equal(RAW);
    expect(loadGoogleCdnKey(KEY.replace(/=+$/, ''), 'key')).to.deep.equal(RAW);
    expect(loadGoogleCdnKey(new Uint8Array(RAW), 'key')).to.deep.equal(RAW);
  });

  it('reads { file } as gcloud writes it, trailing newline and all', () => {
    const file = join(dir, 'key.txt');
    writeFileSync(file, `${KEY}\n`);
    expect(loadGoogleCdnKey({ file }, 'key')).to.deep.equal(RAW);
  });

  it('refuses a key of the wrong length, naming the field and how to make one, without the key', () => {
    const short = Buffer.alloc(8, 7).toString('base64url');
    const error = configErrorOf(() => loadGoogleCdnKey(short, 'googleCdn.key'));
    expect(error.code).to.equal('ERR_ACCEL_CONFIG');
    expect(error.message).to.match(/^googleCdn\.key: the key decodes to 8 bytes; Cloud CDN keys are 128-bit \(16 bytes/);
    expect(error.message).to.include('head -c 16 /dev/urandom | base64 | tr +/ -_');
    expect(error.message).not.to.include(short);
    const long = configErrorOf(() => loadGoogleCdnKey(Buffer.alloc(32, 1).toString('base64url'), 'key'));
    expect(long.message).to.include('decodes to 32 bytes');
  });

  it('refuses standard base64 with the fix (tr +/ -_), and text that is not base64url', () => {
    const standard = 'nZtRohdNF9m3cKM24I+/4w==';
    const error = configErrorOf(() => loadGoogleCdnKey(standard, 'key'));
    expect(error.message).to.equal('key: the key is standard base64 ("+" or "/"), not base64url. Cloud CDN keys are RFC 4648 §5 base64url: replace "+" with "-" and "/" with "_" (tr +/ -_)');
    const garbage = configErrorOf(() => loadGoogleCdnKey('not a key at all!', 'key'));
    expect(garbage.message).to.match(/^key: the key is not base64url text \(17 characters;/);
    expect(garbage.message).not.to.include('not a key');
    expect(configErrorOf(() => loadGoogleCdnKey('nZtRohdNF9m3cKM24IcK4x==', 'key')).message).to.include('not base64url text');
  });

  it('refuses byte arrays that are not 16 bytes, other types, and unreadable files', () => {
    expect(configErrorOf(() => loadGoogleCdnKey(Buffer.from(KEY), 'key')).message).to.include('must hold the 16 raw key bytes, got 24 bytes');
    expect(configErrorOf(() => loadGoogleCdnKey(42, 'key')).message).to.include('got a number');
    expect(configErrorOf(() => loadGoogleCdnKey({ path: 'x' }, 'key')).message).to.include('got an object without "file"');
    const missing = configErrorOf(() => loadGoogleCdnKey({ file: join(dir, 'nope.txt') }, 'key'));
    expect(missing).to.include({ code: 'ERR_ACCEL_CONFIG' });
    expect(missing.message).to.include('(ENOENT)');
  });
});

describe('Cloud CDN key options', () => {
  it('checks key names as the Compute API does', () => {
    for (const bad of ['My-Key', '1key', 'key-', 'key_name', '', 'a'.repeat(64)]) {
      const error = configErrorOf(() => createGoogleCdnSigner({ keyName: bad, key: KEY }));
      expect(error.message, bad).to.match(/^keyName: expected a Cloud CDN key name/);
    }
    expect(createGoogleCdnSigner({ keyName: 'a', key: KEY }).keyName).to.equal('a');
    expect(createGoogleCdnSigner({ keyName: `a${'b'.repeat(62)}`, key: KEY }).keyName).to.have.length(63);
  });

  it('loads several keys, the first or activeKeyName signing, and names the entry that is wrong', () => {
    const keys = [{ keyName: 'old', key: KEY }, { keyName: 'new', key: RAW.toString('base64url') }];
    expect(createGoogleCdnSigner({ keys }).keyName).to.equal('old');
    expect(createGoogleCdnSigner({ keys, activeKeyName: 'new' }).keyName).to.equal('new');
    expect(configErrorOf(() => createGoogleCdnSigner({ keys, activeKeyName: 'gone' })).message).to.equal('activeKeyName: expected one of keys[].keyName, got the string "gone". Use one of: old, new');
    expect(configErrorOf(() => createGoogleCdnSigner({ keys: [{ keyName: 'a', key: KEY }, { keyName: 'a', key: KEY }] })).message).to.match(/^keys\[1\]\.keyName: "a" appears twice/);
    expect(configErrorOf(() => createGoogleCdnSigner({ keys: [{ keyName: 'a', key: KEY }, { keyName: 'b', key: 'AAAA' }] })).message).to.match(/^keys\[1\]\.key: the key decodes to 3 bytes/);
    expect(configErrorOf(() => createGoogleCdnSigner({ keys: [] })).message).to.match(/^keys: expected a non-empty array/);
    expect(configErrorOf(() => createGoogleCdnSigner({ keyName: 'a' } as never)).message).to.match(/^key: is missing/);
    expect(configErrorOf(() => createGoogleCdnSigner({ keyName: 'a', key: KEY, keys } as never)).message).to.match(/^keys: cannot be combined/);
  });
});
