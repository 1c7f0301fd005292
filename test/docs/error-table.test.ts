import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { AccelError } from '@cdn-accel/core';
import { upstreamFailureStatus } from '../../packages/proxy/src/server/upstream-failure.js';
import { docFiles, repoRoot } from './markdown-blocks.js';
import { closingParen, maskSource, topLevelArguments } from './ts-source-scan.js';

const TABLE_FILE = 'packages/core/README.md';
const TABLE_ROW = /^\|\s*`(ERR_ACCEL_[A-Z_]+)`\s*\|([^|]*)\|/;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const sources = readdirSync(path.join(repoRoot, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    try {
      return sourceFiles(path.join(repoRoot, 'packages', entry.name, 'src'));
    } catch {
      return [];
    }
  })
  .map((file) => ({ file: path.relative(repoRoot, file), text: readFileSync(file, 'utf8') }));

/** The README table: code → the statuses its second column names. */
function documented(): Map<string, Set<number>> {
  const text = readFileSync(path.join(repoRoot, TABLE_FILE), 'utf8');
  const section = text.slice(text.indexOf('\n## Errors'));
  const rows = new Map<string, Set<number>>();
  for (const line of section.split('\n')) {
    const row = TABLE_ROW.exec(line);
    if (row !== null) rows.set(row[1] as string, new Set([...(row[2] ?? '').matchAll(/\b[1-5]\d\d\b/g)].map((match) => Number(match[0]))));
  }
  return rows;
}

/** Every code of the `AccelErrorCode` union, wherever the error class lives. */
function declaredCodes(): string[] {
  for (const { text } of sources) {
    const union = /type AccelErrorCode\s*=([^;]*);/.exec(text);
    if (union !== null) return [...(union[1] ?? '').matchAll(/'(ERR_ACCEL_[A-Z_]+)'/g)].map((match) => match[1] as string);
  }
  throw new Error('no `type AccelErrorCode` in packages/*/src');
}

/** Every `new AccelError(code, message, { status })` in the sources: code → statuses, and what could not be read. */
function raised(defaultStatus: number): { statuses: Map<string, Set<number>>; unreadable: string[] } {
  const statuses = new Map<string, Set<number>>();
  const unreadable: string[] = [];
  for (const { file, text } of sources) {
    const masked = maskSource(text);
    for (const match of masked.matchAll(/\bnew AccelError\s*\(/g)) {
      const open = (match.index ?? 0) + match[0].length - 1;
      const close = closingParen(masked, open);
      const line = text.slice(0, open).split('\n').length;
      const args = topLevelArguments(masked, open + 1, close - 1).map(([from, to]) => ({ code: text.slice(from, to).trim(), masked: masked.slice(from, to).trim() }));
      // A copy of an error raised elsewhere (`new AccelError(error.code, …, { status: error.status, … })`) raises
      // nothing new: the original is counted where it is made.
      const copied = /^([A-Za-z_$][\w$]*)\.code$/.exec(args[0]?.code ?? '')?.[1];
      if (copied !== undefined && new RegExp(`\\bstatus\\s*:\\s*${copied}\\.status\\b`).test(args[2]?.code ?? '')) continue;
      const code = /^'(ERR_ACCEL_[A-Z_]+)'$/.exec(args[0]?.code ?? '')?.[1];
      if (code === undefined) {
        unreadable.push(`${file}:${line}: the code is not a string literal`);
        continue;
      }
      const options = args[2]?.masked;
      let found: number[] = [defaultStatus];
      if (options !== undefined) {
        if (!options.startsWith('{')) {
          unreadable.push(`${file}:${line}: the options are not an object literal`);
          continue;
        }
        const status = /\bstatus\s*:\s*([^,}]+)/.exec(options);
        if (status !== null) found = [...(status[1] ?? '').matchAll(/\b[1-5]\d\d\b/g)].map((value) => Number(value[0]));
        if (status !== null && found.length === 0) {
          unreadable.push(`${file}:${line}: status ${status[1]?.trim()} is not a number the table can name`);
          continue;
        }
      }
      const known = statuses.get(code) ?? new Set<number>();
      for (const value of found) known.add(value);
      statuses.set(code, known);
    }
  }
  return { statuses, unreadable };
}

const sorted = (values: Iterable<number>): number[] => [...values].sort((a, b) => a - b);

describe(`the error table (${TABLE_FILE})`, () => {
  const table = documented();
  const { statuses, unreadable } = raised(new AccelError('ERR_ACCEL_CONFIG', 'probe').status);

  it('lists every code of AccelErrorCode, and no other', () => {
    expect([...table.keys()].sort()).to.deep.equal(declaredCodes().sort());
  });

  it('every AccelError the sources raise has a literal code and a status the table can be checked against', () => {
    expect(unreadable, unreadable.join('\n')).to.deep.equal([]);
  });

  it('gives each code exactly the statuses it is raised with', () => {
    // The proxy records an unreachable or silent app under ERR_ACCEL_UPSTREAM; there is no error object to scan.
    const upstream = new Set([upstreamFailureStatus(Object.assign(new Error('timeout'), { code: 'UND_ERR_HEADERS_TIMEOUT' })), upstreamFailureStatus(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))]);
    expect(sources.some(({ text }) => text.includes("'ERR_ACCEL_UPSTREAM'") && !/new AccelError\(\s*'ERR_ACCEL_UPSTREAM'/.test(text)), 'the proxy still records ERR_ACCEL_UPSTREAM').to.equal(true);
    const inCode = new Map([...statuses, ['ERR_ACCEL_UPSTREAM', upstream]]);
    const wrong = declaredCodes().flatMap((code) => {
      const want = sorted(inCode.get(code) ?? []);
      const have = sorted(table.get(code) ?? []);
      if (want.length === 0) return [`${code}: no AccelError with this code is ever made`];
      return want.join() === have.join() ? [] : [`${code}: the table says ${have.join(', ') || 'nothing'}, the code raises ${want.join(', ')}`];
    });
    expect(wrong, wrong.join('\n')).to.deep.equal([]);
  });

  it('is the only table of codes: the other docs link to it', () => {
    const copies = docFiles().filter((file) => file !== TABLE_FILE).flatMap((file) =>
      readFileSync(path.join(repoRoot, file), 'utf8').split('\n').flatMap((line, index) => (TABLE_ROW.test(line) ? [`${file}:${index + 1}`] : [])));
    expect(copies, `error code rows outside ${TABLE_FILE}: ${copies.join(', ')}`).to.deep.equal([]);
  });
});
