import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** One fenced code block: its language, the words after it on the fence line (the block's marks), and its text. */
export interface CodeBlock {
  /** Path from the repository root. */
  file: string;
  /** Line of the opening fence, 1-based. */
  line: number;
  lang: string;
  marks: string[];
  text: string;
}

/** The Markdown a reader follows: the root README, every guide under docs/, the package and example READMEs. */
export function docFiles(): string[] {
  const inFolder = (folder: string, pick: (name: string) => string | undefined): string[] =>
    readdirSync(path.join(repoRoot, folder), { withFileTypes: true })
      .map((entry) => pick(entry.name))
      .filter((name): name is string => name !== undefined)
      .map((name) => `${folder}/${name}`);
  return [
    'README.md',
    ...inFolder('docs', (name) => (name.endsWith('.md') ? name : undefined)),
    ...inFolder('packages', (name) => name).map((folder) => `${folder}/README.md`),
    ...inFolder('examples', (name) => name).map((folder) => `${folder}/README.md`),
  ].filter((file) => {
    try {
      readFileSync(path.join(repoRoot, file));
      return true;
    } catch {
      return false;
    }
  }).sort();
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)\s*(.*)$/;

/** The fenced blocks of one Markdown file, in order. */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(path.join(repoRoot, file), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = FENCE.exec(lines[index] ?? '');
    if (open === null) continue;
    const [, indent = '', fence = '', lang = '', rest = ''] = open;
    const body: string[] = [];
    let end = index + 1;
    for (; end < lines.length; end += 1) {
      const line = lines[end] ?? '';
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line);
    }
    blocks.push({ file, line: index + 1, lang: lang.toLowerCase(), marks: rest.split(/\s+/).filter(Boolean), text: body.join('\n') });
    index = end;
  }
  return blocks;
}

export function where(block: CodeBlock): string {
  return `${block.file}:${block.line}`;
}
