import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Adapter = typeof import('../../src/index.js');

/**
 * A second copy of the whole adapter, every module of it a separate instance, as two installs of the package
 * (two versions, or one not deduplicated) give an app: its sources copied to a folder of their own that resolves
 * its dependencies through this package's node_modules.
 */
export async function loadSecondCopy(): Promise<Adapter> {
  const packageDir = fileURLToPath(new URL('../../', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'cdn-accel-express-copy-'));
  try {
    cpSync(join(packageDir, 'src'), join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    symlinkSync(join(packageDir, 'node_modules'), join(dir, 'node_modules'), 'junction');
    // Loaded at once (the adapter imports nothing lazily), so the copy's folder can go right after.
    return (await import(pathToFileURL(join(dir, 'src', 'index.ts')).href)) as Adapter;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
