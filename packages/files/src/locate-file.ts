import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
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

/**
 * The file to send: its real path, the path the app named (for its type), and the descriptor the checks were made
 * on with its stats. Every byte is read from `handle` (the caller closes it); the paths may name another file by now.
 */
export interface LocatedFile {
  readonly real: string;
  readonly named: string;
  readonly handle: FileHandle;
  readonly stats: Stats;
}

// No symlink as the last component (one swapped in after realpath fails with ELOOP, as missing); a FIFO swapped in
// does not block the opening thread (it is then refused as not a regular file).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

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
  // Opened before the status goes out: a file that cannot be opened is a 404 or a 500, not a 200 cut short.
  const handle = await settle(open(real, OPEN_FLAGS));
  try {
    const stats = await settle(handle.stat());
    // SECURITY: a folder is a 404, never a listing or a redirect; nor is a device or a FIFO served.
    if (!stats.isFile()) refused('not a regular file', named);
    // SECURITY: a folder of the path swapped for a symlink between realpath and open would have opened a file out of
    // root: the descriptor must hold the file the checks were made on.
    if (!(await holdsFile(handle, stats, real))) refused('replaced while opened', named);
    return { real, named, handle, stats };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * True when the open descriptor holds the file at `real`. Where the system names a descriptor's file (Linux's
 * /proc/self/fd), that name must be `real`: exact, whatever is swapped afterwards. Elsewhere `real` must still be
 * free of symlinks and name the same file (device and inode), which narrows the window without closing it: a
 * folder swapped for a symlink before the open and back between these two looks still passes.
 */
async function holdsFile(handle: FileHandle, stats: Stats, real: string): Promise<boolean> {
  let held: string | undefined;
  try {
    held = await realpath(`/proc/self/fd/${handle.fd}`);
  } catch {
    held = undefined;
  }
  if (held !== undefined) return held === real;
  try {
    const now = await stat(real);
    return now.dev === stats.dev && now.ino === stats.ino && (await realpath(real)) === real;
  } catch {
    return false;
  }
}
