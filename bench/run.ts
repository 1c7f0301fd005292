import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Each `*.bench.ts` file is one section of `pnpm bench`, run in its own process so that one
// section's heap, JIT state and open sockets cannot colour the next one's figures.
// `pnpm bench signing s3` runs only the sections whose file names contain those words.
// Sections import the built packages (`pnpm bench` runs `tsc -b` first), which is what users run: the tsx
// transform that runs the sources in tests wraps every function it compiles in a naming helper, a cost that
// lands on our per-request closures and not on the peers, which are plain JavaScript.
const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const sections = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

if (sections.length === 0) {
  process.stderr.write(`No benchmark section matches ${filters.join(', ')}.\n`);
  process.exit(2);
}

let failed = 0;
for (const section of sections) {
  process.stdout.write(`\n## ${section.replace('.bench.ts', '')}\n\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, section)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
