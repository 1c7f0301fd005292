import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import { fileNotFound, fileUnreadable } from './file-errors.js';
import { hasDotSegment, isInside } from './map-key.js';

const debug = debuglog('cdn-accel:files');

/** What the checks of one location need, settled at startup. */
export interface FileRules {
  /** The root as configured (absolute, normalised). */
  readonly root: string;
  /** The root with its own symlinks resolved: where real paths must lie. */
  readonly realRoot: string;
  readonly followSymlinks: boolean;
  readonly dotfiles: 'ignore' | 'allow';
}

/** The file to send: its real path (no symlink left to swap), the path the app named (for its type), its stats. */
export interface LocatedFile {
  readonly real: string;
  readonly named: string;
  readonly stats: Stats;
}

const MISSING = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP']);

function refused(why: string, path: string): never {
  debug('refused (%s): %s', why, path);
  throw fileNotFound();
}

async function settle<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    throw MISSING.has((error as { code?: string }).code ?? '') ? fileNotFound(error) : fileUnreadable(error);
  }
}

/**
 * Finds the file a stream decision's `file:` URL names, checking it at request time, when the file system may
 * have changed since startup: below root, no dotfile, no symlink out of root, a regular file. Every refusal is
 * the same 404 as a missing file, so that a client learns nothing of what exists.
 */
export async function locateFile(url: string, rules: FileRules): Promise<LocatedFile> {
  let named: string;
  try {
    named = fileURLToPath(url);
  } catch (error) {
    throw fileNotFound(error);
  }
  // SECURITY: checked again where the file is opened, whatever made the URL: the path lies below root.
  if (!isInside(rules.root, named)) refused('outside root', named);
  // SECURITY: dotfiles (.env, .git/, .htpasswd) are not served unless the location allows them.
  if (rules.dotfiles === 'ignore' && hasDotSegment(relative(rules.root, named))) refused('dotfile', named);
  // SECURITY: symlinks are resolved now, at request time, not trusted from startup.
  const real = await settle(realpath(named));
  const inside = isInside(rules.realRoot, real);
  // SECURITY: a symlink that leads out of root is refused unless followSymlinks is on.
  if (!inside && !rules.followSymlinks) refused('symlink out of root', named);
  // SECURITY: nor may a symlink lead to a dotfile of root.
  if (inside && rules.dotfiles === 'ignore' && hasDotSegment(relative(rules.realRoot, real))) refused('symlink to a dotfile', named);
  const stats = await settle(stat(real));
  // SECURITY: a folder is a 404, never a listing or a redirect; nor is a device or a FIFO served.
  if (!stats.isFile()) refused('not a regular file', named);
  // Checked before the status goes out: a file that cannot be opened would otherwise cut a 200 short.
  await settle(access(real, constants.R_OK));
  return { real, named, stats };
}
