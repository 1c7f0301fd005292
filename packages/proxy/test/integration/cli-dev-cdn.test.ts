import { expect } from 'chai';
import { getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDevCdn } from '@cdn-accel/dev-cdn';
import { runCli } from '../../src/index.js';
import { startDevCdnFromArgs } from '../../src/cli/commands/dev-cdn.js';

describe('cdn-accel dev-cdn (CLI)', () => {
  let dir: string;
  let stderr: string;
  const io = () => ({ stdout: () => {}, stderr: (text: string) => void (stderr += text), env: {}, cwd: dir, now: () => Date.now() });

  beforeEach(() => {
    stderr = '';
    dir = mkdtempSync(path.join(tmpdir(), 'dev-cdn-cli-'));
    mkdirSync(path.join(dir, 'files'));
    writeFileSync(path.join(dir, 'files', 'a.txt'), 'hello');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts from relative paths, prints the development-only banner, and checks signatures', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path.join(dir, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    const cdn = await startDevCdnFromArgs(['--root', 'files', '--public-key', 'public.pem', '--key-pair-id', 'KCLI', '--listen', '127.0.0.1:0'], io(), createDevCdn);
    try {
      expect(stderr).to.contain('FOR DEVELOPMENT ONLY');
      const url = getSignedUrl({ url: `${cdn.url}a.txt`, keyPairId: 'KCLI', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), dateLessThan: new Date(Date.now() + 60_000).toISOString() });
      const ok = await fetch(url);
      const body = await ok.text();
      expect(ok.status, body).to.equal(200);
      expect(body).to.equal('hello');
      const unsigned = await fetch(`${cdn.url}a.txt`);
      await unsigned.arrayBuffer();
      expect(unsigned.status).to.equal(403);
      expect(stderr).to.contain('403 GET /a.txt');
    } finally {
      await cdn.close();
    }
  });

  it('reports usage mistakes with exit status 2', async () => {
    const run = (args: string[]) => runCli(['dev-cdn', ...args], io());
    expect(await run([])).to.equal(2);
    expect(stderr).to.contain('--root is required');
    expect(await run(['--root', 'files'])).to.equal(2);
    expect(await run(['--root', 'files', '--public-key', 'p.pem'])).to.equal(2);
    expect(await run(['--root', 'files', '--s3-access-key-id', 'AKIA'])).to.equal(2);
    expect(stderr).to.contain('$AWS_SECRET_ACCESS_KEY');
    expect(await run(['--root', 'files', '--public-key', 'p.pem', '--key-pair-id', 'K', '--listen', 'nowhere'])).to.equal(2);
  });

  it('reports a missing root or key file as a configuration error (exit 1)', async () => {
    expect(await runCli(['dev-cdn', '--root', 'nope', '--public-key', 'p.pem', '--key-pair-id', 'K', '--listen', '127.0.0.1:0'], io())).to.equal(1);
    expect(stderr).to.contain('ERR_ACCEL_CONFIG');
    expect(await runCli(['dev-cdn', '--root', 'files', '--public-key', 'missing.pem', '--key-pair-id', 'K', '--listen', '127.0.0.1:0'], io())).to.equal(1);
    expect(stderr).to.contain('missing.pem');
  });
});

describe('cdn-accel dev-cdn on a busy port', () => {
  it('says the address is in use (exit 2) instead of crashing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dev-cdn-busy-'));
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path.join(dir, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    let stderr = '';
    const io = { stdout: () => {}, stderr: (text: string) => void (stderr += text), env: {}, cwd: dir, now: () => Date.now() };
    const first = await startDevCdnFromArgs(['--root', '.', '--public-key', 'public.pem', '--key-pair-id', 'K', '--listen', '127.0.0.1:0'], io, createDevCdn);
    try {
      const status = await runCli(['dev-cdn', '--root', '.', '--public-key', 'public.pem', '--key-pair-id', 'K', '--listen', `127.0.0.1:${first.port}`], io);
      expect(status).to.equal(2);
      expect(stderr).to.contain('the address is in use');
    } finally {
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
