import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';

describe('cdn-accel keygen', () => {
  let folder: string;
  beforeEach(() => { folder = mkdtempSync(join(tmpdir(), 'cdn-accel-keygen-')); });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  for (const [type, check] of [['rsa', (key: ReturnType<typeof createPrivateKey>) => key.asymmetricKeyDetails?.modulusLength === 2048], ['ecdsa', (key: ReturnType<typeof createPrivateKey>) => key.asymmetricKeyDetails?.namedCurve === 'prime256v1']] as const) {
    it(`writes an ${type} pair: private key 0600, matching public key`, async () => {
      const out = captureIo({ cwd: folder });
      expect(await runCli(['keygen', '--type', type, '--out', 'keys'], out), out.err).to.equal(0);
      const privateFile = join(folder, 'keys', 'cloudfront-private-key.pem');
      const publicFile = join(folder, 'keys', 'cloudfront-public-key.pem');
      expect(statSync(privateFile).mode & 0o777).to.equal(0o600);
      const privateKey = createPrivateKey(readFileSync(privateFile));
      expect(check(privateKey)).to.equal(true);
      expect(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' })).to.equal(readFileSync(publicFile, 'utf8'));
      expect(out.out).to.contain(privateFile).and.contain('key group');
    });
  }

  it('SECURITY: never overwrites an existing key', async () => {
    expect(await runCli(['keygen', '--type', 'ecdsa', '--out', folder], captureIo({ cwd: folder }))).to.equal(0);
    const before = readFileSync(join(folder, 'cloudfront-private-key.pem'), 'utf8');
    const again = captureIo({ cwd: folder });
    expect(await runCli(['keygen', '--type', 'ecdsa', '--out', folder], again)).to.equal(2);
    expect(again.err).to.contain('already exists');
    expect(readFileSync(join(folder, 'cloudfront-private-key.pem'), 'utf8')).to.equal(before);
  });

  it('refuses a missing or unknown --type, a missing --out and a --name with a path in it', async () => {
    for (const args of [['--out', folder], ['--type', 'dsa', '--out', folder], ['--type', 'rsa'], ['--type', 'rsa', '--out', folder, '--name', '../x']]) {
      const out = captureIo({ cwd: folder });
      expect(await runCli(['keygen', ...args], out), args.join(' ')).to.equal(2);
    }
  });
});
