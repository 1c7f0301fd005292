import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import ts from 'typescript';

// The core's folders, bottom up (docs/architecture.md draws the same picture). A file may import from its own
// layer and the layers below it, never from one above: data flows down, types come from below.
const LAYERS: readonly (readonly string[])[] = [
  ['contract'],
  ['errors', 'runtime', 'time', 'url', 'keys'],
  ['routing', 'header', 'cache', 'cloudfront', 's3', 'sigv4', 'credentials', 'google-cdn', 'gcs', 'bunny', 'secure-link', 'signed', 'stream'],
  ['targets'],
  ['engine'],
];
const src = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The layer of a file under src/: its first folder's place in LAYERS; the entry points (index.ts…) sit on top. */
function layerOf(file: string): number {
  const parts = relative(src, file).split(sep);
  if (parts.length === 1) return LAYERS.length;
  return LAYERS.findIndex((folders) => folders.includes(parts[0] as string));
}

/** Every relative module a file names: imports, `import type`, re-exports and dynamic imports alike. */
function importedFiles(file: string, text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles
    .map((reference) => reference.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
}

/** `from → to` for each import of `file` that climbs a layer, or lands outside the known folders. */
function violations(file: string, text = readFileSync(file, 'utf8')): string[] {
  const own = layerOf(file);
  return importedFiles(file, text)
    .filter((imported) => layerOf(imported) === -1 || layerOf(imported) > own)
    .map((imported) => `${relative(src, file)} → ${relative(src, imported)}`);
}

describe('core layers', () => {
  const files = sourceFiles(src);

  it('places every folder of src/ in a layer', () => {
    const unplaced = files.filter((file) => layerOf(file) === -1).map((file) => relative(src, file));
    expect(unplaced, 'add the folder to LAYERS (and to docs/architecture.md)').to.deep.equal([]);
  });

  it('imports only from the same layer or the layers below it', () => {
    expect(files.flatMap((file) => violations(file))).to.deep.equal([]);
  });

  it('catches type-only imports, re-exports and dynamic imports that climb a layer', () => {
    const file = join(src, 'header', 'read-header.ts');
    const climbing = "import type { A } from '../contract/a.js';\nimport type { B } from '../engine/b.js';\nexport { C } from '../targets/c.js';\nawait import('../stream/d.js');\nawait import('../engine/e.js');\n";
    expect(violations(file, climbing)).to.deep.equal([
      `header${sep}read-header.ts → engine${sep}b.ts`,
      `header${sep}read-header.ts → targets${sep}c.ts`,
      `header${sep}read-header.ts → engine${sep}e.ts`,
    ]);
  });
});
