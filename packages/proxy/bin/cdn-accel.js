#!/usr/bin/env node
// The `cdn-accel` command. Plain JavaScript that any Node.js parses, so that it can check the version before it
// loads the CLI, and say what to do instead of printing a stack trace.
// The published package runs the compiled CLI from dist/. A checkout of the repository (it has tsconfig.json beside
// package.json, which the package does not publish) runs the TypeScript sources through tsx, so the command works
// right after `pnpm install`, before any build, and never runs a stale build.
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import satisfies from 'semver/functions/satisfies.js';

const root = new URL('../', import.meta.url);
const { engines } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, 'source'] });
}

function fail(message) {
  process.stderr.write(`cdn-accel: ${message}\n`);
  process.exit(1);
}

if (!satisfies(process.versions.node, engines.node)) {
  fail(`Node.js ${process.versions.node} is not supported (needs ${engines.node}): install Node.js 22, 24 or 26 and run it again.`);
}

if (existsSync(new URL('tsconfig.json', root)) && existsSync(new URL('src/cli/bin.ts', root))) {
  let tsx;
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    fail('this checkout of cdn-accel has no dev dependencies: run `pnpm install` at the root of the repository.');
  }
  await import(tsx);
  // The workspace packages export their TypeScript sources under the "source" condition (see their package.json).
  // registerHooks where Node.js has it (22.15 and later), else the older register(), which Node.js 26 deprecates.
  if (module.registerHooks) module.registerHooks({ resolve });
  else module.register(`data:text/javascript,${encodeURIComponent(`export ${resolve}`)}`);
  await import(new URL('src/cli/bin.ts', root).href);
} else if (existsSync(new URL('dist/cli/bin.js', root))) {
  await import(new URL('dist/cli/bin.js', root).href);
} else {
  fail('this copy of @cdn-accel/proxy has no dist/ folder: build it with `pnpm build` at the root of the repository (or reinstall the package from npm).');
}
