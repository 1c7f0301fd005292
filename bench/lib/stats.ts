/** The middle value; for an even count, the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * `values[i] / references[i]` for each round i. The two runs of a round are adjacent in time, so a slow phase of
 * the shared machine hits both and cancels out of their ratio, where it would not out of a ratio of medians.
 */
export function pairedRatios(values: readonly number[], references: readonly number[]): number[] {
  if (values.length !== references.length) throw new Error(`paired ratios of ${values.length} and ${references.length} rounds`);
  return values.map((value, round) => value / (references[round] as number));
}
