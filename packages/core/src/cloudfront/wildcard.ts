/**
 * CloudFront's policy `Resource` matching: `*` matches any run of characters (also none, also `/`), `?`
 * exactly one character, everything else itself, case-sensitively. Linear-space greedy matcher with
 * backtracking to the last `*`, O(n·m) at worst.
 */
export function matchesWildcard(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const char = pattern[p];
    if (char === '*') {
      star = p;
      mark = t;
      p += 1;
    } else if (char !== undefined && (char === '?' || char === text[t])) {
      p += 1;
      t += 1;
    } else if (star !== -1) {
      p = star + 1;
      mark += 1;
      t = mark;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}
