import { confError } from './conf-error.js';

/** One token of an Nginx configuration: a word (quotes and escapes resolved) or one of `;`, `{`, `}`. */
export interface Token {
  kind: 'word' | ';' | '{' | '}';
  text: string;
  /** 1-based line where the token starts. */
  line: number;
  /** The word was written in quotes (a quoted `;` or `{` is text, not syntax). */
  quoted: boolean;
}

const SPACE = new Set([' ', '\t', '\r', '\n']);

/** Nginx resolves these escapes in every word, quoted or not; any other backslash stays as written. */
function unescape(raw: string): string {
  return raw.replace(/\\(["'\\tnr])/g, (_match, ch: string) => ({ t: '\t', n: '\n', r: '\r' })[ch] ?? ch);
}

/**
 * Splits a configuration into tokens by the rules of Nginx's own reader (`ngx_conf_read_token` in
 * `src/core/ngx_conf_file.c`): `#` starts a comment only where a word could start; a word ends at space, `;` or
 * `{` — except the `{` of a `${variable}` — so a regex holding `{` or `;` must be quoted, as Nginx requires; a
 * backslash makes the next character plain; a closing quote must be followed by space, `;`, `{` or `)`. Tokens
 * are made as they are read, so the first mistake in the file is the one reported.
 */
export function* tokenize(source: string, file: string): Generator<Token, void, undefined> {
  let line = 1;
  let index = 0;
  const length = source.length;
  while (index < length) {
    const ch = source[index] as string;
    if (SPACE.has(ch)) {
      if (ch === '\n') line += 1;
      index += 1;
    } else if (ch === '#') {
      while (index < length && source[index] !== '\n') index += 1;
    } else if (ch === ';' || ch === '{' || ch === '}') {
      yield ({ kind: ch, text: ch, line, quoted: false });
      index += 1;
    } else if (ch === '"' || ch === "'") {
      const start = line;
      let end = index + 1;
      while (end < length && source[end] !== ch) {
        if (source[end] === '\\') end += 1;
        if (source[end] === '\n') line += 1;
        end += 1;
      }
      if (end >= length) throw confError({ file, line: start }, `unexpected end of file, expecting the closing ${ch}`);
      yield ({ kind: 'word', text: unescape(source.slice(index + 1, end)), line: start, quoted: true });
      index = end + 1;
      const next = source[index];
      // `)` may follow, as in `if ($secure_link = "")`.
      if (next !== undefined && !SPACE.has(next) && next !== ';' && next !== '{' && next !== ')') {
        throw confError({ file, line }, `unexpected "${next}" after a quoted string`);
      }
    } else {
      let end = index;
      while (end < length) {
        const c = source[end] as string;
        if (c === '\\') {
          end += 2;
          continue;
        }
        if (SPACE.has(c) || c === ';' || (c === '{' && source[end - 1] !== '$')) break;
        end += 1;
      }
      yield ({ kind: 'word', text: unescape(source.slice(index, end)), line, quoted: false });
      index = end;
    }
  }
}
