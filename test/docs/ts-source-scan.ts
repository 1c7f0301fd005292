/** Whether a `/` at `index` starts a regular expression literal rather than a division: what comes before it says. */
function startsRegex(source: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && /\s/.test(source[i] as string)) i -= 1;
  if (i < 0) return true;
  if ('(,=:[!&|?{};+-*%<>~^'.includes(source[i] as string)) return true;
  const word = /[A-Za-z_$][\w$]*$/.exec(source.slice(0, i + 1))?.[0];
  return word !== undefined && ['return', 'typeof', 'case', 'in', 'of', 'void', 'throw', 'delete', 'new'].includes(word);
}

/** The index just after the regular expression literal that starts at `start` (its flags included). */
function regexEnd(source: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < source.length; i += 1) {
    const char = source[i];
    if (char === '\\') i += 1;
    else if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) {
      let end = i + 1;
      while (end < source.length && /[a-z]/.test(source[end] as string)) end += 1;
      return end;
    }
  }
  return source.length;
}

/**
 * TypeScript source with comments blanked and the insides of string, template and regular expression literals
 * replaced by `_`, same length as the input, so that a search in the masked text gives positions in the real one and
 * never matches inside a comment, a string or a pattern. `${…}` inside templates stays code.
 */
export function maskSource(source: string): string {
  const out = source.split('');
  type State = 'code' | 'line' | 'block' | "'" | '"' | '`';
  const stack: { state: State; braces: number }[] = [{ state: 'code', braces: 0 }];
  for (let i = 0; i < source.length; i += 1) {
    const top = stack[stack.length - 1] as { state: State; braces: number };
    const char = source[i] as string;
    const next = source[i + 1];
    switch (top.state) {
      case 'code':
        if (char === '/' && next === '/') { top.state = 'line'; out[i] = ' '; }
        else if (char === '/' && next === '*') { top.state = 'block'; out[i] = ' '; }
        else if (char === "'" || char === '"' || char === '`') stack.push({ state: char, braces: 0 });
        else if (char === '/' && startsRegex(source, i)) {
          const end = regexEnd(source, i);
          for (let j = i + 1; j < end - 1; j += 1) if (out[j] !== '\n') out[j] = '_';
          i = end - 1;
        }
        else if (char === '{') top.braces += 1;
        else if (char === '}') {
          if (top.braces === 0 && stack.length > 1) stack.pop();
          else top.braces -= 1;
        }
        break;
      case 'line':
        if (char === '\n') top.state = 'code';
        else out[i] = ' ';
        break;
      case 'block':
        out[i] = char === '\n' ? '\n' : ' ';
        if (char === '*' && next === '/') { out[i + 1] = ' '; i += 1; top.state = 'code'; }
        break;
      default:
        if (char === '\\') { out[i] = '_'; out[i + 1] = '_'; i += 1; }
        else if (char === top.state) stack.pop();
        else if (top.state === '`' && char === '$' && next === '{') { i += 1; stack.push({ state: 'code', braces: 0 }); }
        else if (char !== '\n') out[i] = '_';
    }
  }
  return out.join('');
}

/** The index just after the parenthesis that closes the one at `open` (in masked text), or -1. */
export function closingParen(masked: string, open: number): number {
  let depth = 0;
  for (let i = open; i < masked.length; i += 1) {
    if (masked[i] === '(') depth += 1;
    else if (masked[i] === ')') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Splits the arguments between `start` and `end` at the top-level commas; returns [start, end) ranges. */
export function topLevelArguments(masked: string, start: number, end: number): [number, number][] {
  const ranges: [number, number][] = [];
  let depth = 0;
  let from = start;
  for (let i = start; i < end; i += 1) {
    const char = masked[i];
    if (char === '(' || char === '{' || char === '[') depth += 1;
    else if (char === ')' || char === '}' || char === ']') depth -= 1;
    else if (char === ',' && depth === 0) {
      ranges.push([from, i]);
      from = i + 1;
    }
  }
  if (masked.slice(from, end).trim() !== '') ranges.push([from, end]);
  return ranges;
}
