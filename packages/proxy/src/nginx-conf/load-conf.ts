import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { confError } from './conf-error.js';
import { splitDump } from './dump-output.js';
import { globFiles, hasWildcard } from './glob.js';
import { parseConf, type Directive } from './parse.js';

/** Where the files of a configuration come from: the disk, or an `nginx -T` dump. */
interface FileSource {
  /** The main file's folder: Nginx resolves relative `include` paths from it (its conf prefix), not from the including file. */
  prefix: string;
  read(path: string): string | undefined;
  glob(pattern: string): string[];
  /** How the report names a file. */
  display(path: string): string;
}

const MAX_DEPTH = 32;
/** Files read in all: a file that includes the next one twice, n times over, would otherwise be read 2^n times. */
const MAX_FILES = 1000;

function diskSource(main: string): FileSource {
  const prefix = dirname(main);
  return {
    prefix,
    read(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
        throw error;
      }
    },
    glob: (pattern) => globFiles(pattern),
    display: (path) => relative(prefix, path) || path,
  };
}

function dumpSource(files: Map<string, string>): FileSource {
  const main = [...files.keys()][0] as string;
  const children = (dir: string): string[] => [...files.keys()].filter((path) => dirname(path) === dir).map((path) => path.slice(dir.length).replace(/^\//, ''));
  return {
    prefix: dirname(main),
    read: (path) => files.get(path),
    glob: (pattern) => globFiles(pattern, children, (path) => files.has(path)),
    display: (path) => path,
  };
}

interface Budget {
  files: number;
}

function expand(directives: Directive[], source: FileSource, stack: string[], budget: Budget): Directive[] {
  return directives.flatMap((directive) => {
    if (directive.name !== 'include') {
      return directive.block === undefined ? [directive] : [{ ...directive, block: expand(directive.block, source, stack, budget) }];
    }
    const [argument] = directive.args;
    if (argument === undefined || directive.args.length !== 1 || directive.block !== undefined) throw confError(directive, 'invalid number of arguments in "include" directive');
    const pattern = isAbsolute(argument) ? argument : join(source.prefix, argument);
    const paths = hasWildcard(argument) ? source.glob(pattern) : [pattern];
    return paths.flatMap((path) => {
      const text = source.read(path);
      if (text === undefined) throw confError(directive, `cannot open the included file "${argument}" (looked for ${source.display(path)})`);
      if (stack.includes(path)) throw confError(directive, `"${argument}" includes itself`);
      if (stack.length >= MAX_DEPTH) throw confError(directive, `includes nested more than ${MAX_DEPTH} deep at "${argument}"`);
      budget.files += 1;
      if (budget.files > MAX_FILES) throw confError(directive, `more than ${MAX_FILES} included files in all (a file included many times over counts each time) at "${argument}"`);
      return expand(parseConf(text, source.display(path)), source, [...stack, path], budget);
    });
  });
}

/** A loaded configuration: every directive with includes replaced by what they name, and the file it started from. */
export interface LoadedConf {
  directives: Directive[];
  /** How the report names the main file. */
  main: string;
  /** The input was an `nginx -T` dump. */
  dump: boolean;
}

/** Reads `path` (a configuration file, or the output of `nginx -T`) and follows its includes. */
export function loadConf(path: string, cwd: string): LoadedConf {
  const absolute = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (cause) {
    throw confError({ file: path, line: 1 }, `cannot read the file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const dump = splitDump(text);
  const source = dump === undefined ? diskSource(absolute) : dumpSource(dump);
  const main = dump === undefined ? absolute : ([...dump.keys()][0] as string);
  const mainText = dump === undefined ? text : (dump.get(main) as string);
  return { directives: expand(parseConf(mainText, source.display(main)), source, [main], { files: 0 }), main: source.display(main), dump: dump !== undefined };
}
