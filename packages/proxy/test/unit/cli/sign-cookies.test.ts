import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('cdn-accel sign-cookies', () => {
  let folder: string;
  const io = () => captureIo({ cwd: folder, now: () => NOW });
  const base = ['--key-pair-id', 'K2JCJMDEHXQW5F', '--private-key', 'rsa.pem', '--date-less-than', '1767290400'];

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'cdn-accel-cookies-'));
    writeFileSync(join(folder, 'rsa.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('prints the cookies as JSON: canned for one URL', async () => {
    const out = io();
    expect(await runCli(['sign-cookies', '--resource', 'https://d.example/a.jpg', ...base], out)).to.equal(0);
    const cookies = JSON.parse(out.out) as Record<string, string>;
    expect(Object.keys(cookies)).to.deep.equal(['CloudFront-Expires', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id', 'CloudFront-Hash-Algorithm']);
    expect(cookies['CloudFront-Expires']).to.equal('1767290400');
  });

  it('uses a custom policy for a wildcard resource and prints Set-Cookie lines with attributes', async () => {
    const out = io();
    const args = ['sign-cookies', '--resource', 'https://d.example/videos/*', ...base, '--set-cookie', '--cookie-domain', '.example.com', '--same-site', 'Lax', '--max-age', '600'];
    expect(await runCli(args, out), out.err).to.equal(0);
    const lines = out.out.trimEnd().split('\n');
    expect(lines).to.have.length(4);
    expect(lines[0]).to.match(/^CloudFront-Policy=[A-Za-z0-9\-~_]+; Domain=\.example\.com; Path=\/; Max-Age=600; Secure; HttpOnly; SameSite=Lax$/);
  });

  it('refuses a bad cookie attribute or a missing --resource with a usage error', async () => {
    const bad = io();
    expect(await runCli(['sign-cookies', '--resource', 'https://d.example/*', ...base, '--set-cookie', '--cookie-domain', 'a.com; x=y'], bad)).to.equal(2);
    expect(bad.err).to.contain('cookie.domain');
    const missing = io();
    expect(await runCli(['sign-cookies', ...base], missing)).to.equal(2);
    expect(missing.err).to.contain('--resource is required');
    const maxAge = io();
    expect(await runCli(['sign-cookies', '--resource', 'https://d.example/*', ...base, '--max-age', 'soon'], maxAge)).to.equal(2);
  });
});
