import type { Spread } from './stats.js';

/** Prints rows as a Markdown table, so `pnpm bench` output pastes straight into notes and READMEs. */
export function printTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): void {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  const widths = headers.map((header, column) => Math.max(header.length, ...cells.map((row) => String(row[column] ?? '').length)));
  const line = (row: ReadonlyArray<string>) => `| ${row.map((cell, column) => String(cell).padEnd(widths[column] ?? 0)).join(' | ')} |`;
  process.stdout.write(`${line(headers)}\n`);
  process.stdout.write(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |\n`);
  for (const row of cells) process.stdout.write(`${line(row)}\n`);
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** `0.97×`: a ratio as the benchmark tables print it. */
export function ratio(value: number, reference: number): string {
  return `${(value / reference).toFixed(2)}×`;
}

/** `0.97× (0.93–1.01)`: the median of per-round paired ratios, and their range across the rounds. */
export function ratioSpread(ratios: Spread): string {
  return `${ratios.median.toFixed(2)}× (${ratios.min.toFixed(2)}–${ratios.max.toFixed(2)})`;
}
