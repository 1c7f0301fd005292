import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const WILDCARD = /[*?[]/;

/** One path segment of a glob(3) pattern as a regex: `*`, `?`, `[…]`; a leading `.` is matched only by a `.`. */
function segmentPattern(segment: string): RegExp {
  let source = '';
  for (let index = 0; index < segment.length; index += 1) {
    const ch = segment[index] as string;
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const close = segment.indexOf(']', index + 2);
      if (close === -1) source += '\\[';
      else {
        const body = segment.slice(index + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        index = close;
      }
    } else source += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${segment.startsWith('.') ? '' : '(?!\\.)'}${source}$`);
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Whether an `include` argument is a pattern: Nginx globs it only then (`ngx_conf_include`). */
export function hasWildcard(pattern: string): boolean {
  return WILDCARD.test(pattern);
}

/**
 * The files an absolute glob(3) pattern names, sorted as glob(3) sorts them; none is not an error, as in Nginx.
 * `exists` and `list` stand in for the file system when the files come from an `nginx -T` dump.
 */
export function globFiles(pattern: string, list: (dir: string) => string[] = entries, isFile: (path: string) => boolean = (path) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false): string[] {
  const segments = pattern.split('/').filter((segment, index) => segment !== '' || index === 0);
  let paths = [segments[0] === '' ? '/' : (segments[0] as string)];
  for (const segment of segments.slice(1)) {
    if (!hasWildcard(segment)) {
      paths = paths.map((path) => join(path, segment));
      continue;
    }
    const match = segmentPattern(segment);
    paths = paths.flatMap((dir) => list(dir).filter((name) => match.test(name)).map((name) => join(dir, name)));
  }
  return paths.filter(isFile).sort();
}
