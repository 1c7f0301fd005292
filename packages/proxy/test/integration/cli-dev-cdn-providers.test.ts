import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createBunnySigner, createGcsSigner, createGoogleCdnSigner, createSecureLinkSigner } from '@cdn-accel/core';
import { createDevCdn, type RunningDevCdn } from '@cdn-accel/dev-cdn';
import { runCli } from '../../src/index.js';
import { startDevCdnFromArgs } from '../../src/cli/commands/dev-cdn.js';

const CDN_KEY = 'nZtRohdNF9m3cKM24IcK4w==';
const BUNNY_KEY = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const LINK_MD5 = '$secure_link_expires$uri$remote_addr $secret';
const LINK_SECRET = 'kR4t-9dQ2_vLm7Zp0sYb3Nw8';
const HMAC = { accessId: 'GOOG1EDEVCDNCLITEST', secret: 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ' };
const serviceAccount = new URL('../../../core/test/vectors/gcs/test_service_account.not-a-test.json', import.meta.url);

describe('cdn-accel dev-cdn --provider (CLI)', () => {
  let dir: string;
  let stderr: string;
  const io = (env: NodeJS.ProcessEnv = {}) => ({ stdout: () => {}, stderr: (text: string) => void (stderr += text), env, cwd: dir, now: () => Date.now() });
  const expiresAt = () => Math.floor(Date.now() / 1000) + 60;

  beforeEach(() => {
    stderr = '';
    dir = mkdtempSync(path.join(tmpdir(), 'dev-cdn-providers-cli-'));
    mkdirSync(path.join(dir, 'files', 'bkt'), { recursive: true });
    writeFileSync(path.join(dir, 'files', 'bkt', 'a.txt'), 'hello');
    writeFileSync(path.join(dir, 'cdn-key.txt'), `${CDN_KEY}\n`);
    copyFileSync(serviceAccount, path.join(dir, 'sa.json'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts the emulator with `args`, then checks that `sign(base)` is served and the unsigned path refused with `refused`. */
  async function plays(args: string[], env: NodeJS.ProcessEnv, sign: (base: string) => string, refused: number): Promise<void> {
    const cdn: RunningDevCdn = await startDevCdnFromArgs(['--root', 'files', '--listen', '127.0.0.1:0', ...args], io(env), createDevCdn);
    try {
      const ok = await fetch(sign(cdn.url));
      expect(ok.status, await ok.clone().text()).to.equal(200);
      expect(await ok.text()).to.equal('hello');
      const unsigned = await fetch(`${cdn.url}bkt/a.txt`);
      await unsigned.arrayBuffer();
      expect(unsigned.status).to.equal(refused);
    } finally {
      await cdn.close();
    }
  }

  it('google-cdn: --key-name/--key-file as for cdn-accel sign google-cdn', async () => {
    await plays(['--provider', 'google-cdn', '--key-name', 'k1', '--key-file', 'cdn-key.txt'], {}, (base) => createGoogleCdnSigner({ keyName: 'k1', key: CDN_KEY }).signUrl(`${base}bkt/a.txt`, { expiresIn: 60 }), 403);
  });

  it('gcs: a service-account key file and an HMAC key (path style /<bucket>/<name>)', async () => {
    const args = ['--provider', 'gcs', '--private-key-file', 'sa.json', '--hmac-access-id', HMAC.accessId];
    await plays(args, { GCS_HMAC_SECRET: HMAC.secret }, (base) => createGcsSigner({ bucket: 'bkt', endpoint: base.replace(/\/$/, ''), hmacKey: HMAC }).signUrl({ key: 'a.txt' }), 403);
    await plays(args, { GCS_HMAC_SECRET: HMAC.secret }, (base) => createGcsSigner({ bucket: 'bkt', endpoint: base.replace(/\/$/, ''), serviceAccountKey: { file: path.join(dir, 'sa.json') } }).signUrl({ key: 'a.txt' }), 403);
  });

  it('bunny: the security key from $BUNNY_SECURITY_KEY, --country for token_countries', async () => {
    await plays(['--provider', 'bunny', '--country', 'DE'], { BUNNY_SECURITY_KEY: BUNNY_KEY }, (base) => createBunnySigner({ securityKey: BUNNY_KEY, baseUrl: base, countries: ['DE'], tokenIn: 'directory' }).signUrl({ key: 'bkt/a.txt', expiresAt: expiresAt(), tokenPath: 'folder' }), 403);
  });

  it('secure-link: the expression and the secret from --secret-file; an unsigned request gets the 403 of Nginx', async () => {
    writeFileSync(path.join(dir, 'secret.txt'), LINK_SECRET);
    await plays(['--provider', 'secure-link', '--secure-link-md5', LINK_MD5, '--secret-file', 'secret.txt'], {}, (base) => createSecureLinkSigner({ baseUrl: base, secureLinkMd5: LINK_MD5, secret: LINK_SECRET }).signUrl({ key: 'bkt/a.txt', expiresAt: expiresAt(), clientIp: '127.0.0.1' }), 403);
  });

  it("refuses another provider's flags, an unknown provider and missing keys (exit 2)", async () => {
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['dev-cdn', '--root', 'files', '--listen', '127.0.0.1:0', ...args], io(env));
    expect(await run(['--provider', 'gcs', '--key-name', 'k', '--key-file', 'cdn-key.txt'])).to.equal(2);
    expect(stderr).to.contain('--key-name belongs to --provider google-cdn, not gcs');
    expect(await run(['--provider', 'akamai'])).to.equal(2);
    expect(stderr).to.contain('--provider: expected one of cloudfront, google-cdn, gcs, bunny, secure-link');
    expect(await run(['--provider', 'bunny'])).to.equal(2);
    expect(stderr).to.contain('$BUNNY_SECURITY_KEY is not set');
    expect(await run(['--provider', 'secure-link'], { SECURE_LINK_SECRET: LINK_SECRET })).to.equal(2);
    expect(stderr).to.contain('--secure-link-md5 is required');
    expect(await run(['--provider', 'google-cdn', '--key-name', 'k'])).to.equal(2);
    expect(stderr).to.contain('one --key-file per --key-name');
  });
});
