import { realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import * as path from 'node:path';

/** A file the request may read: its real path under the root, and its stat. */
export interface ResolvedFile {
  file: string;
  stat: Stats;
  /** The decoded path the client asked for, starting with `/`. */
  key: string;
}

/** Why a path was not served: `unsafe` is an attack or a malformed path, `missing` an absent or non-file entry. */
export type ResolveFailure = { kind: 'unsafe'; reason: string } | { kind: 'missing'; key: string };

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function decodePath(rawPath: string): string | undefined {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
}

/** SECURITY: the checks that keep a request inside the root, on the raw path and again after decoding. */
function unsafeReason(rawPath: string, decoded: string | undefined): string | undefined {
  if (decoded === undefined) return 'malformed percent-encoding';
  if (!rawPath.startsWith('/')) return 'path does not start with "/"';
  if (CONTROL_CHARACTERS.test(decoded)) return 'control character or NUL in path';
  if (decoded.includes('\\')) return 'backslash in path';
  for (const candidate of [rawPath, decoded]) {
    if (candidate.split('/').some((segment) => segment === '..' || segment === '.')) return 'dot segment in path';
  }
  return undefined;
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Maps the request path (still percent-encoded, without the query) to a regular file under `realRoot`
 * (already passed through `realpath`). Symbolic links are followed only when their target stays inside.
 */
export async function resolvePath(realRoot: string, rawPath: string): Promise<ResolvedFile | ResolveFailure> {
  const decoded = decodePath(rawPath);
  const reason = unsafeReason(rawPath, decoded);
  if (reason !== undefined || decoded === undefined) return { kind: 'unsafe', reason: reason ?? 'malformed path' };
  const joined = path.join(realRoot, decoded);
  // SECURITY: path.join normalises; anything that still lands outside the root is refused.
  if (!isInside(realRoot, joined)) return { kind: 'unsafe', reason: 'path escapes the root' };
  let real: string;
  try {
    real = await realpath(joined);
  } catch {
    return { kind: 'missing', key: decoded };
  }
  // SECURITY: a symbolic link under the root must not lead outside it.
  if (!isInside(realRoot, real)) return { kind: 'unsafe', reason: 'symbolic link leads outside the root' };
  const info = await stat(real).catch(() => undefined);
  if (info === undefined || !info.isFile()) return { kind: 'missing', key: decoded };
  return { file: real, stat: info, key: decoded };
}
