'use strict';
// Tests run against the TypeScript sources: the "source" export condition points each
// workspace package at src/, and tsx compiles on the fly.
// Files or folders named on the command line replace the default spec instead of adding to it.
const namesFiles = process.argv.slice(2).some((arg) => !arg.startsWith('-') && /test/.test(arg));

module.exports = {
  spec: namesFiles ? [] : ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'test/**/*.test.ts'],
  'node-option': ['conditions=source', 'import=tsx'],
  'check-leaks': true,
  recursive: true,
  extension: ['ts'],
  timeout: 20000,
  reporter: 'spec',
  exit: false,
};
