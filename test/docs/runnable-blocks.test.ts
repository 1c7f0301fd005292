import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { codeBlocks, docFiles, repoRoot, where, type CodeBlock } from './markdown-blocks.js';
import { freePort, ShellSession, waitForListener } from './shell-session.js';

// A shell block marked ```sh runnable runs here, in order with the other runnable blocks of its file, in one bash
// session in an empty folder where `pnpm cdn-accel` is this checkout's CLI. Everything it needs is local: the
// emulator (`cdn-accel dev-cdn`), keys made by `cdn-accel keygen`, files the block writes itself. A ```text output
// block right after it holds what the block prints last; it must match. The emulator's ports (127.0.0.1:9000…)
// become free ports, the same in the blocks and in their output.
const SHELLS = new Set(['sh', 'bash', 'shell', 'console']);
const DEMO_PORT = /127\.0\.0\.1:(9\d{3})\b/g;
const LISTEN = /--listen\s+(127\.0\.0\.1):(\d+)\b[^\n]*&\s*(?:#.*)?$/gm;

interface Step {
  block: CodeBlock;
  output: CodeBlock | undefined;
}

function runnableSteps(file: string): Step[] {
  const blocks = codeBlocks(file);
  return blocks.flatMap((block, index) => {
    if (!SHELLS.has(block.lang) || !block.marks.includes('runnable')) return [];
    const next = blocks[index + 1];
    return [{ block, output: next?.lang === 'text' && next.marks.includes('output') ? next : undefined }];
  });
}

const files = docFiles();
const shellBlocks = files.flatMap(codeBlocks).filter((block) => SHELLS.has(block.lang));
const stepsByFile = files.map((file) => ({ file, steps: runnableSteps(file) })).filter(({ steps }) => steps.length > 0);

describe('shell in the docs', () => {
  it('every shell block parses (bash -n), so it pastes without a syntax error', () => {
    const wrong = shellBlocks.flatMap((block) => {
      const result = spawnSync('bash', ['-n'], { input: block.text, encoding: 'utf8' });
      return result.status === 0 ? [] : [`${where(block)}: ${result.stderr.trim()}`];
    });
    expect(wrong, wrong.join('\n')).to.deep.equal([]);
  });

  it('every ```text output block follows a runnable block', () => {
    const wrong = files.flatMap((file) => {
      const blocks = codeBlocks(file);
      return blocks.flatMap((block, index) => {
        if (block.lang !== 'text' || !block.marks.includes('output')) return [];
        const before = blocks[index - 1];
        return before !== undefined && SHELLS.has(before.lang) && before.marks.includes('runnable') ? [] : [where(block)];
      });
    });
    expect(wrong, `output blocks without a runnable block before them: ${wrong.join(', ')}`).to.deep.equal([]);
  });

  it('finds runnable blocks in the guides', () => {
    expect(stepsByFile.map(({ file }) => file)).to.include.members(['docs/dev-cdn.md', 'docs/aws-setup.md']);
  });

  for (const { file, steps } of stepsByFile) {
    it(`${file}: the runnable blocks run, against the local emulator, and print what the doc shows`, async function () {
      this.timeout(120_000);
      const folder = mkdtempSync(path.join(tmpdir(), 'cdn-accel-doc-'));
      writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify({
        name: 'doc-reader',
        private: true,
        scripts: { 'cdn-accel': `node ${JSON.stringify(path.join(repoRoot, 'packages/proxy/bin/cdn-accel.js'))}` },
      }, null, 2)}\n`);
      const ports = new Map<string, string>();
      for (const { block } of steps) {
        for (const [, port = ''] of block.text.matchAll(DEMO_PORT)) if (!ports.has(port)) ports.set(port, String(await freePort()));
      }
      const local = (text: string): string => text.replace(DEMO_PORT, (whole, port: string) => whole.replace(port, ports.get(port) ?? port));
      // pnpm's update check would ask the registry: the blocks need no network.
      const session = new ShellSession(folder, { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' });
      try {
        for (const { block, output } of steps) {
          const script = local(block.text);
          let printed: string;
          try {
            printed = await session.run(script);
          } catch (error) {
            throw new Error(`${where(block)}: ${(error as Error).message}`);
          }
          for (const [, host = '', port = ''] of script.matchAll(LISTEN)) await waitForListener(host, Number(port), 30_000);
          if (output === undefined) continue;
          // What a background job prints (a server saying it listens) may land before the block's own lines.
          const expected = local(output.text).trimEnd().split('\n');
          const actual = printed.trimEnd().split('\n').slice(-expected.length);
          expect(actual, `${where(block)}: printed\n${printed}\n--- stderr\n${session.errors}`).to.deep.equal(expected);
        }
      } finally {
        await session.close();
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
