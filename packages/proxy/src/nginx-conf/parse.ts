import { confError, type SourcePosition } from './conf-error.js';
import { tokenize, type Token } from './tokenize.js';

/** One directive: `name arg…;` or `name arg… { block }`, with where it was written. */
export interface Directive extends SourcePosition {
  name: string;
  args: string[];
  /** The directive's block, for `http { … }`, `location … { … }`. */
  block?: Directive[];
}

/** Deeper than any real configuration (http, server, location, a few nested locations and ifs); stops a stack overflow. */
export const MAX_NESTING = 64;

/** A directive name as Nginx spells them: a word of letters, digits and `_`, short. */
const DIRECTIVE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The name of a directive as an error may print it. SECURITY: a file that is no configuration (`include
 * /etc/passwd;`) makes its first word a "name": that word is described, not printed.
 */
export function nameForError(name: string): string {
  return DIRECTIVE_NAME.test(name) ? `"${name}"` : 'a word that is no directive name (not shown)';
}

interface Cursor {
  tokens: Iterator<Token, void, undefined>;
  file: string;
  lastLine: number;
}

function next(cursor: Cursor): Token | undefined {
  const result = cursor.tokens.next();
  return result.done === true ? undefined : result.value;
}

/** Directives until the `}` of the enclosing block (`depth` > 0) or the end of the file (`depth` 0). */
function readBlock(cursor: Cursor, depth: number, opened?: SourcePosition): Directive[] {
  const directives: Directive[] = [];
  const { file } = cursor;
  for (;;) {
    const token = next(cursor);
    if (token === undefined) {
      if (depth > 0) throw confError({ file, line: cursor.lastLine }, `unexpected end of file, expecting "}" (the block opened at line ${opened?.line} is not closed)`);
      return directives;
    }
    if (token.kind === '}') {
      if (depth === 0) throw confError({ file, line: token.line }, 'unexpected "}"');
      return directives;
    }
    if (token.kind !== 'word') throw confError({ file, line: token.line }, `unexpected "${token.kind}"`);
    directives.push(readDirective(cursor, token, depth));
  }
}

function readDirective(cursor: Cursor, nameToken: Token, depth: number): Directive {
  const { file } = cursor;
  const directive: Directive = { name: nameToken.text, args: [], file, line: nameToken.line };
  for (;;) {
    const token = next(cursor);
    if (token === undefined) throw confError({ file, line: cursor.lastLine }, `unexpected end of file, expecting ";" or "}" after ${nameForError(nameToken.text)}`);
    if (token.kind === 'word') {
      directive.args.push(token.text);
    } else if (token.kind === ';') {
      return directive;
    } else if (token.kind === '{') {
      if (depth + 1 > MAX_NESTING) throw confError({ file, line: token.line }, `blocks nested more than ${MAX_NESTING} deep`);
      directive.block = readBlock(cursor, depth + 1, directive);
      return directive;
    } else {
      throw confError({ file, line: token.line }, `unexpected "}" after ${nameForError(nameToken.text)}, expecting ";"`);
    }
  }
}

/** Parses one configuration file's text into its directives (includes are left as `include` directives). */
export function parseConf(source: string, file: string): Directive[] {
  const lastLine = source.split('\n').length;
  return readBlock({ tokens: tokenize(source, file), file, lastLine }, 0);
}
