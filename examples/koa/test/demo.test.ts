import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('pnpm demo --smoke', () => {
  it('starts the emulator and the Koa example, checks a download and the video cookies end to end, and exits 0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdn-accel-demo-'));
    try {
      const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'scripts/demo.ts', '--smoke'], {
        cwd: repoRoot,
        env: { ...process.env, DEV_KEYS_DIR: path.join(dir, 'keys'), MEDIA_DIR: path.join(dir, 'media'), NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(status, output).to.equal(0);
      expect(output).to.contain('demo smoke: all checks passed');
      expect(output.match(/^ {2}ok {2}/gm)).to.have.length(7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
