import { isAbsolute, join, relative, sep } from 'node:path';

// NUL ends a path early in the C calls below Node; a backslash is a separator to Windows; controls split logs.
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f\\]/;

/** True when `path` lies strictly below the folder `root` (both absolute, normalised). */
export function isInside(root: string, path: string): boolean {
  const below = relative(root, path);
  return below !== '' && below !== '..' && !below.startsWith(`..${sep}`) && !isAbsolute(below);
}

/** True when a segment of the relative path `below` names a dotfile or a dot folder (`.env`, `.git/config`). */
export function hasDotSegment(below: string): boolean {
  return below.split(sep).some((segment) => segment.startsWith('.'));
}

/**
 * The file an object key (the decoded path after the location prefix) names under `root`, the way Nginx's `alias`
 * maps it; undefined when the key could name anything but a file below `root`. The engine already refuses such
 * paths in `X-Accel-Redirect`; this mapping does not rely on it.
 */
export function fileUnderRoot(root: string, key: string): string | undefined {
  const segments = key.split('/');
  for (const segment of segments) {
    // SECURITY: `..` climbs out of root and `.` or an empty segment (a trailing `/`) names a folder: none names a file below root.
    if (segment === '' || segment === '.' || segment === '..') return undefined;
    // SECURITY: NUL, backslashes and control characters (decoded from %00, %5C…) never reach the file system.
    if (UNSAFE_CHARACTER.test(segment)) return undefined;
  }
  // Segments checked so, the joined path stays below root (the property test in test/unit/map-key.test.ts).
  return join(root, ...segments);
}
