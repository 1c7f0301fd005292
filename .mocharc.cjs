'use strict';
// Tests run against the TypeScript sources: the "source" export condition points each
// workspace package at src/, and tsx compiles on the fly.
module.exports = {
  spec: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
  'node-option': ['conditions=source', 'import=tsx'],
  'check-leaks': true,
  timeout: 20000,
  reporter: 'spec',
  exit: false,
};
