import { pathToFileURL } from 'node:url';
import { AccelError, type AccelTarget, type TargetSignInput, type TargetSignResult } from '@cdn-accel/core';
import { brandTarget, checkStreamOptions } from '@cdn-accel/core/internal';
import { fileSource } from './file-source.js';
import { checkFilesOptions, type FilesOptions } from './files-options.js';
import { fileUnderRoot } from './map-key.js';

// Nothing is signed: the lifetime only bounds how long the engine keeps a path's mapping in its cache.
const MAPPING_LIFETIME = 300;

/**
 * A location served from a folder on this server's disk, like Nginx's `internal` location with `alias`: the
 * path after the prefix names a file under `root`, streamed with its type, `ETag`, `Last-Modified`, Range
 * (one or several), `HEAD` and conditional requests (304, 412); `X-Accel-Limit-Rate`, `X-Accel-Buffering`,
 * `X-Accel-Charset`, the app's `Content-Disposition` and the location's `limitRate`, `expires` and `addHeaders`
 * apply as in stream mode.
 */
export function files(options: FilesOptions): AccelTarget {
  const rules = checkFilesOptions(options);
  const streamSettings = checkStreamOptions(options, 'files', rules.mode);

  function sign(input: TargetSignInput): TargetSignResult {
    const path = fileUnderRoot(rules.root, input.key);
    // The engine answers ERR_ACCEL_INVALID_INPUT from a target with a 404 (ERR_ACCEL_UNSAFE_PATH).
    if (path === undefined) throw new AccelError('ERR_ACCEL_INVALID_INPUT', 'The path names no file below the root', { status: 400 });
    return { url: pathToFileURL(path).href };
  }

  return brandTarget({
    kind: 'files',
    mode: rules.mode,
    ...(streamSettings === undefined ? {} : { streamSettings }),
    expiresIn: MAPPING_LIFETIME,
    origin: 'file://',
    methodBound: false,
    carry: { contentDisposition: true, cacheControl: true, contentType: rules.appContentType },
    redirectCacheControl: 'private, no-store',
    ip: 'none',
    ipv6: 'unbound',
    sign,
    streamSource: fileSource(rules),
    ready: () => Promise.resolve(),
  });
}
