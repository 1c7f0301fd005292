import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';

const NOW = Date.UTC(2026, 6, 1, 9, 30, 5);

describe('cdn-accel keygen', () => {
  let folder: string;
  beforeEach(() => { folder = mkdtempSync(join(tmpdir(), 'cdn-accel-keygen-')); });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  for (const [type, check] of [['rsa', (key: ReturnType<typeof createPrivateKey>) => key.asymmetricKeyDetails?.modulusLength === 2048], ['ecdsa', (key: ReturnType<typeof createPrivateKey>) => key.asymmetricKeyDetails?.namedCurve === 'prime256v1']] as const) {
    it(`writes an ${type} pair: NAME-private.pem 0600 and the matching NAME-public.pem`, async () => {
      const out = captureIo({ cwd: folder });
      expect(await runCli(['keygen', '--type', type, '--out', 'keys'], out), out.err).to.equal(0);
      const privateFile = join(folder, 'keys', 'cloudfront-private.pem');
      const publicFile = join(folder, 'keys', 'cloudfront-public.pem');
      expect(statSync(privateFile).mode & 0o777).to.equal(0o600);
      const privateKey = createPrivateKey(readFileSync(privateFile));
      expect(check(privateKey)).to.equal(true);
      expect(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' })).to.equal(readFileSync(publicFile, 'utf8'));
      expect(out.out).to.contain(privateFile).and.contain('key group');
    });
  }

  it('writes the create-public-key input: the public PEM, a CallerReference and a dated Name', async () => {
    const out = captureIo({ cwd: folder, now: () => NOW });
    expect(await runCli(['keygen', '--type', 'ecdsa', '--out', '.', '--name', 'media.2026'], out), out.err).to.equal(0);
    const configFile = join(folder, 'media.2026-public-key-config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, string>;
    expect(config).to.deep.equal({
      CallerReference: `cdn-accel-keygen-${NOW}`,
      Name: 'media-2026-20260701T093005Z',
      EncodedKey: readFileSync(join(folder, 'media.2026-public.pem'), 'utf8'),
      Comment: 'cdn-accel keygen, ECDSA P-256',
    });
    expect(out.out).to.contain(`aws cloudfront create-public-key --public-key-config file://${configFile}`);
  });

  it('SECURITY: never overwrites an existing key', async () => {
    expect(await runCli(['keygen', '--type', 'ecdsa', '--out', folder], captureIo({ cwd: folder }))).to.equal(0);
    const before = readFileSync(join(folder, 'cloudfront-private.pem'), 'utf8');
    const again = captureIo({ cwd: folder });
    expect(await runCli(['keygen', '--type', 'ecdsa', '--out', folder], again)).to.equal(2);
    expect(again.err).to.contain('already exists');
    expect(readFileSync(join(folder, 'cloudfront-private.pem'), 'utf8')).to.equal(before);
  });

  it('writes nothing when any of the three files exists', async () => {
    writeFileSync(join(folder, 'cloudfront-public-key-config.json'), '{}');
    const out = captureIo({ cwd: folder });
    expect(await runCli(['keygen', '--type', 'rsa', '--out', folder], out)).to.equal(2);
    expect(out.err).to.contain('cloudfront-public-key-config.json already exists');
    expect(existsSync(join(folder, 'cloudfront-private.pem'))).to.equal(false);
    expect(existsSync(join(folder, 'cloudfront-public.pem'))).to.equal(false);
  });

  it('refuses a missing or unknown --type, a missing --out and a --name with a path in it', async () => {
    for (const args of [['--out', folder], ['--type', 'dsa', '--out', folder], ['--type', 'rsa'], ['--type', 'rsa', '--out', folder, '--name', '../x']]) {
      const out = captureIo({ cwd: folder });
      expect(await runCli(['keygen', ...args], out), args.join(' ')).to.equal(2);
    }
  });
});
