/**
 * Runs every side once per round, in the same order each round (A B A B …), and returns each side's runs in
 * round order: run i of one side sits next to run i of its neighbour, ready for pairedRatios().
 */
export async function alternate<T>(rounds: number, sides: ReadonlyArray<() => Promise<T>>): Promise<T[][]> {
  const runs: T[][] = sides.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, side] of sides.entries()) (runs[index] as T[]).push(await side());
  }
  return runs;
}

/**
 * Runs every side at the same time, once per round, starting them in a rotated order each round (so that no side
 * is always first), and returns each side's runs in round order.
 */
export async function together<T>(rounds: number, sides: ReadonlyArray<() => Promise<T>>): Promise<T[][]> {
  const runs: T[][] = sides.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    const order = sides.map((_, index) => (index + round) % sides.length);
    const results = await Promise.all(order.map((index) => (sides[index] as () => Promise<T>)()));
    for (const [position, index] of order.entries()) (runs[index] as T[]).push(results[position] as T);
  }
  return runs;
}
