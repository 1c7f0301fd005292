import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { docFiles, repoRoot } from './markdown-blocks.js';

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function headingAnchors(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading === null) continue;
    const slug = (heading[1] ?? '').toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Relative links outside code: `[text](target)`. */
function relativeLinks(file: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  let fenced = false;
  readFileSync(path.join(repoRoot, file), 'utf8').split('\n').forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) return;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1] ?? '';
      if (!/^[a-z]+:/i.test(target)) links.push({ target, line: index + 1 });
    }
  });
  return links;
}

describe('links in the docs', () => {
  it('every relative link names a file of the repository, and every #anchor a heading of it', () => {
    const broken = docFiles().flatMap((file) => relativeLinks(file).flatMap(({ target, line }) => {
      const [pathPart = '', anchor] = target.split('#');
      const resolved = pathPart === '' ? path.join(repoRoot, file) : path.resolve(path.dirname(path.join(repoRoot, file)), decodeURIComponent(pathPart));
      if (!existsSync(resolved)) return [`${file}:${line}: ${target} (no such file)`];
      if (anchor === undefined || anchor === '' || !resolved.endsWith('.md')) return [];
      return headingAnchors(resolved).has(anchor) ? [] : [`${file}:${line}: ${target} (no heading with that anchor)`];
    }));
    expect(broken, broken.join('\n')).to.deep.equal([]);
  });
});
