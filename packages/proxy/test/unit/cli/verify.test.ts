import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createCloudFrontSigner } from '@cdn-accel/core';
import { runCli } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signer = createCloudFrontSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: rsa.privateKey, now: () => NOW });

describe('cdn-accel verify', () => {
  let folder: string;
  const io = (now = NOW) => captureIo({ cwd: folder, now: () => now });

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'cdn-accel-verify-'));
    writeFileSync(join(folder, 'public.pem'), rsa.publicKey.export({ type: 'spki', format: 'pem' }));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('prints valid and exits 0 for a good URL (key id taken from the URL)', async () => {
    const out = io();
    expect(await runCli(['verify', '--url', signer.signUrl('https://d.example/a', { expiresIn: 60 }), '--public-key', 'public.pem'], out)).to.equal(0);
    expect(out.out).to.equal('valid\n');
  });

  it('prints the reason and exits 1: expired (by --now or the clock), ip-mismatch, unknown-key, bad-signature', async () => {
    const url = signer.signUrl('https://d.example/a', { expiresIn: 60, ipAddress: '10.0.0.0/8' });
    const cases: Array<[string[], string, number?]> = [
      [['--url', url, '--ip-address', '10.0.0.1', '--now', '2026-01-02'], 'expired:'],
      [['--url', url, '--ip-address', '10.0.0.1'], 'expired:', NOW + 3_600_000],
      [['--url', url, '--ip-address', '192.0.2.1'], 'ip-mismatch:'],
      [['--url', url, '--ip-address', '10.0.0.1', '--key-pair-id', 'KOTHER'], 'unknown-key:'],
      [['--url', url.replace('Policy=e', 'Policy=f'), '--ip-address', '10.0.0.1'], 'bad-signature:'],
    ];
    for (const [args, reason, now] of cases) {
      const out = io(now);
      expect(await runCli(['verify', '--public-key', 'public.pem', ...args], out), args.join(' ')).to.equal(1);
      expect(out.out.startsWith(reason), out.out).to.equal(true);
    }
  });

  it('verifies signed cookies given as the JSON sign-cookies prints', async () => {
    const { values } = signer.signCookies('https://d.example/videos/*', { expiresIn: 60 });
    const good = io();
    expect(await runCli(['verify', '--url', 'https://d.example/videos/1.ts', '--cookies', JSON.stringify(values), '--public-key', 'public.pem'], good)).to.equal(0);
    const wrong = io();
    expect(await runCli(['verify', '--url', 'https://d.example/images/1.jpg', '--cookies', JSON.stringify(values), '--public-key', 'public.pem'], wrong)).to.equal(1);
    expect(wrong.out).to.match(/^resource-mismatch:/);
  });

  it('usage errors: missing options, bad JSON, bad --now', async () => {
    for (const args of [['--public-key', 'public.pem'], ['--url', 'https://d.example/a'], ['--url', 'https://d.example/a', '--public-key', 'public.pem', '--cookies', '{'], ['--url', 'https://d.example/a', '--public-key', 'public.pem', '--now', 'later']]) {
      const out = io();
      expect(await runCli(['verify', ...args], out), args.join(' ')).to.equal(2);
      expect(out.err).to.match(/--url|--public-key|--cookies|--now/);
    }
  });
});
