import { statSync, realpathSync } from 'node:fs';
import { isAbsolute, normalize } from 'node:path';
import type { StreamLocationOptions } from '@cdn-accel/core';
import { configError, describeValue } from '@cdn-accel/core/internal';
import type { FileRules } from './locate-file.js';

/**
 * Options of a location served from a folder on this server's disk. `limitRate`, `limitRateAfter`, `expires` and
 * `addHeaders` are Nginx's `limit_rate`, `limit_rate_after`, `expires` and `add_header` in the location.
 */
export interface FilesOptions extends StreamLocationOptions {
  /**
   * The folder the location's paths name files in, as an absolute path: with the location `/protected/` and
   * `root: '/srv/files'`, `X-Accel-Redirect: /protected/books/a.pdf` serves `/srv/files/books/a.pdf`, as Nginx's
   * `location /protected/ { internal; alias /srv/files/; }` does. It must exist and be a folder at startup.
   */
  root: string;
  /**
   * Serve files through symlinks that lead out of `root` (Nginx's default). Symlinks that stay inside `root` are
   * always followed; each is resolved when the file is requested.
   * @default false
   */
  followSymlinks?: boolean;
  /**
   * Files and folders whose name starts with a dot (`.env`, `.git/`): `'ignore'` answers 404 as for a missing
   * file, `'allow'` serves them.
   * @default 'ignore'
   */
  dotfiles?: 'ignore' | 'allow';
  /**
   * Whose `Content-Type` the client gets. `'file'`: the file's, from its extension. `'app'`: the app's, where it
   * sends a non-empty one, as Nginx does (an app clears its type there to get the file's). Not the default, since
   * frameworks give every response a type of their own (Koa `text/plain`, Express `text/html`).
   * @default 'file'
   */
  contentType?: 'file' | 'app';
  /**
   * What the client gets. Only `'stream'`: the bytes come from this server's disk, there is no CDN URL to
   * redirect to.
   * @default 'stream'
   */
  mode?: 'stream';
}

const ROOT_FIX = "Give the absolute path of an existing folder, e.g. root: '/srv/files'";

/** Checks `root` now, at startup, and resolves its own symlinks once. */
function checkRoot(value: unknown): { root: string; realRoot: string } {
  if (typeof value !== 'string' || value === '') throw configError('files.root', `expected the absolute path of a folder, got ${describeValue(value)}`, ROOT_FIX);
  if (!isAbsolute(value)) {
    throw configError('files.root', `${JSON.stringify(value)} is a relative path; it would depend on the folder the server is started from`, ROOT_FIX);
  }
  const root = normalize(value).replace(/(.)\/+$/, '$1');
  let isFolder: boolean;
  try {
    isFolder = statSync(root).isDirectory();
  } catch (cause) {
    throw configError('files.root', `${JSON.stringify(value)} cannot be read (${(cause as { code?: string }).code ?? 'error'})`, `Create the folder, or fix the path. ${ROOT_FIX}`, cause);
  }
  if (!isFolder) throw configError('files.root', `${JSON.stringify(value)} is a file, not a folder`, ROOT_FIX);
  return { root, realRoot: realpathSync(root) };
}

function checkMode(value: unknown): 'stream' {
  if (value === undefined || value === 'stream') return 'stream';
  const named = typeof value === 'string' && ['redirect', 'cookies'].includes(value) ? `local files have no '${value}' mode; their only mode is 'stream'` : `expected 'stream', got ${describeValue(value)}`;
  throw configError('files.mode', named, "Leave mode out (the file's bytes are streamed from this server), or serve the files from a CDN location (cloudfront(), s3()…) to redirect");
}

/** Validates the options of `files()`, once, into the rules each request is checked against. */
export function checkFilesOptions(options: unknown): FileRules & { appContentType: boolean; mode: 'stream' } {
  if (typeof options !== 'object' || options === null) throw configError('files()', 'expected an options object', "Pass { root: '/srv/files' }");
  const { root, followSymlinks, dotfiles, contentType, mode } = options as Record<string, unknown>;
  if (followSymlinks !== undefined && typeof followSymlinks !== 'boolean') {
    throw configError('files.followSymlinks', `expected true or false, got ${describeValue(followSymlinks)}`, 'Use true to serve symlinks that lead out of root, or leave it out');
  }
  if (dotfiles !== undefined && dotfiles !== 'ignore' && dotfiles !== 'allow') {
    throw configError('files.dotfiles', `expected 'ignore' or 'allow', got ${describeValue(dotfiles)}`, "Use 'allow' to serve dotfiles, or leave it out ('ignore')");
  }
  if (contentType !== undefined && contentType !== 'file' && contentType !== 'app') {
    throw configError('files.contentType', `expected 'file' or 'app', got ${describeValue(contentType)}`, "Use 'app' for the app's Content-Type, or leave it out for the file's ('file')");
  }
  return { ...checkRoot(root), followSymlinks: followSymlinks ?? false, dotfiles: dotfiles ?? 'ignore', appContentType: contentType === 'app', mode: checkMode(mode) };
}
