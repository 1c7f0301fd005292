import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs `pnpm demo --smoke --provider <provider>` and returns its exit status and output. */
async function demoSmoke(provider: string): Promise<{ status: number | null; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdn-accel-demo-provider-'));
  try {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'scripts/demo.ts', '--smoke', '--provider', provider], {
      cwd: repoRoot,
      env: { ...process.env, DEV_KEYS_DIR: path.join(dir, 'keys'), MEDIA_DIR: path.join(dir, 'media'), NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { status, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('pnpm demo --smoke --provider', () => {
  const expected: Record<string, string[]> = {
    'google-cdn': ['a signed Google Cloud CDN URL', 'sets Google Cloud CDN signed cookies', 'segments load with the cookies and not without'],
    gcs: ['a signed Cloud Storage URL', 'the download keeps its file name', 'its segments, each needing a signature of its own, are refused'],
    bunny: ['a signed bunny.net URL', 'a directory token for its folder', 'segments load under the token directory and not without it'],
    'secure-link': ['a signed Nginx secure_link URL', 'the video playlist redirects to a signed URL of its own', 'are refused'],
  };
  for (const [provider, checks] of Object.entries(expected)) {
    it(`${provider}: the same app against the emulator playing ${provider}, a download and the video end to end`, async () => {
      const { status, output } = await demoSmoke(provider);
      expect(status, output).to.equal(0);
      expect(output).to.contain('demo smoke: all checks passed');
      for (const check of checks) expect(output).to.match(new RegExp(`^ {2}ok {2}.*${check.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    });
  }

  it('refuses an unknown provider with exit status 2', async () => {
    const { status, output } = await demoSmoke('akamai');
    expect(status).to.equal(2);
    expect(output).to.contain('--provider: expected one of cloudfront, google-cdn, gcs, bunny, secure-link');
  });
});
