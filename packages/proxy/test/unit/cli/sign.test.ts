import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

describe('cdn-accel sign', () => {
  let folder: string;
  const io = (env: NodeJS.ProcessEnv = {}) => captureIo({ cwd: folder, now: () => NOW, env });
  const base = ['--key-pair-id', 'K2JCJMDEHXQW5F', '--private-key', 'rsa.pem', '--date-less-than', '2026-01-01T18:00:00Z'];

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'cdn-accel-sign-'));
    writeFileSync(join(folder, 'rsa.pem'), rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }));
    writeFileSync(join(folder, 'ec.pem'), ec.privateKey.export({ type: 'sec1', format: 'pem' }));
    writeFileSync(join(folder, 'enc.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('prints a canned signed URL (key path relative to cwd, epoch or ISO times)', async () => {
    const out = io();
    expect(await runCli(['sign', '--url', 'https://d.example/a.jpg', ...base], out)).to.equal(0);
    expect(out.out).to.match(/^https:\/\/d\.example\/a\.jpg\?Expires=1767290400&Key-Pair-Id=K2JCJMDEHXQW5F&Signature=[A-Za-z0-9\-~_]+&Hash-Algorithm=SHA256\n$/);
    expect(out.err).to.equal('');
  });

  it('signs a custom policy with --date-greater-than, --ip-address and --policy-resource', async () => {
    const out = io();
    const status = await runCli(['sign', '--url', 'https://d.example/v/1.ts', ...base, '--date-greater-than', '1767268800', '--ip-address', '10.0.0.0/8', '--policy-resource', 'https://d.example/v/*', '--hash-algorithm', 'sha1'], out);
    expect(status, out.err).to.equal(0);
    expect(out.out).to.contain('?Policy=').and.not.contain('Hash-Algorithm');
  });

  it('reads an encrypted key with --passphrase-env, and says when the variable is missing', async () => {
    const ok = io({ KEY_PASS: 'pw' });
    expect(await runCli(['sign', '--url', 'https://d.example/a', ...base.slice(0, 2), '--private-key', 'file://enc.pem', '--date-less-than', '1767290400', '--passphrase-env', 'KEY_PASS'], ok)).to.equal(0);
    const missing = io();
    expect(await runCli(['sign', '--url', 'https://d.example/a', ...base.slice(0, 2), '--private-key', 'enc.pem', '--date-less-than', '1767290400', '--passphrase-env', 'KEY_PASS'], missing)).to.equal(2);
    expect(missing.err).to.contain('$KEY_PASS is not set');
  });

  it('signs an already-past expiry like aws cloudfront sign, with a warning on stderr', async () => {
    const out = io();
    expect(await runCli(['sign', '--url', 'https://d.example/a', ...base.slice(0, 4), '--date-less-than', '2025-12-31'], out)).to.equal(0);
    expect(out.out).to.contain('Expires=1767139200');
    expect(out.err).to.contain('already past');
  });

  it('ECDSA with SHA1 is a usage error naming --hash-algorithm', async () => {
    const out = io();
    expect(await runCli(['sign', '--url', 'https://d.example/a', '--key-pair-id', 'K', '--private-key', 'ec.pem', '--date-less-than', '1767290400', '--hash-algorithm', 'SHA1'], out)).to.equal(2);
    expect(out.err).to.contain('--hash-algorithm').and.contain('SHA256');
    expect(out.out).to.equal('');
  });

  it('errors say which option to fix, on stderr, with a non-zero status', async () => {
    const cases: Array<[string[], RegExp, number]> = [
      [['--url', 'https://d.example/a', ...base.slice(0, 4)], /--date-less-than is required/, 2],
      [['--url', 'https://d.example/a', ...base, '--ip-address', '2001:db8::/32'], /--ip-address: .*IPv6/, 2],
      [['--url', 'https://d.example/a#x', ...base], /--url: remove the fragment/, 2],
      [['--url', 'https://d.example/a', ...base, '--date-greater-than', '2026-01-02'], /active date.*before the expiration/, 2],
      [['--url', 'https://d.example/a', ...base.slice(0, 4), '--date-less-than', 'soon'], /--date-less-than: "soon"/, 2],
      [['--url', 'https://d.example/a', ...base.slice(0, 2), '--private-key', 'nope.pem', '--date-less-than', '1767290400'], /--private-key: cannot read key file/, 1],
      [['--url', 'https://d.example/a', ...base, '--bogus'], /Unknown option '--bogus'/, 2],
    ];
    for (const [args, message, status] of cases) {
      const out = io();
      expect(await runCli(['sign', ...args], out), args.join(' ')).to.equal(status);
      expect(out.err).to.match(message);
      expect(out.out).to.equal('');
    }
  });
});
