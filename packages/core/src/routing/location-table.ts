import type { AccelTarget } from '../contract/target.js';
import { configError, AccelError } from '../errors/accel-error.js';
import { isAccelTarget } from '../contract/target-brand.js';

/** One compiled location. */
export interface Location {
  /** The key it was configured under: a path prefix (`/protected/`) or a name (`@files`). */
  readonly prefix: string;
  readonly target: AccelTarget;
}

/** The location table: prefixes sorted longest first, matched with `startsWith` (no regex); then the named ones. */
export interface LocationTable {
  readonly locations: readonly Location[];
  /** The location whose prefix is the longest one that `path` starts with. Throws ERR_ACCEL_UNMAPPED (404). */
  match(path: string): Location;
  /** The `@name` location called exactly `name` (never a prefix match). Throws ERR_ACCEL_UNMAPPED (404). */
  named(name: string): Location;
}

const PREFIX_SHAPE = /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@%]+\/)*$/;
/** A named location, as Nginx's `location @files`: letters, digits, `_` and `-` after the `@`. */
const NAME_SHAPE = /^@[A-Za-z0-9_-]+$/;

/** Validates the `locations` option once and compiles it. */
export function compileLocations(locations: unknown): LocationTable {
  if (typeof locations !== 'object' || locations === null || Array.isArray(locations)) {
    throw configError('locations', 'expected an object of prefix (or @name) → target', "Pass e.g. { '/protected/': cloudfront({ … }) }");
  }
  const entries = Object.entries(locations as Record<string, unknown>);
  if (entries.length === 0) {
    throw configError('locations', 'no location is configured', "Add at least one, e.g. { '/protected/': cloudfront({ … }) }");
  }
  const compiled: Location[] = entries.map(([prefix, target]) => {
    if (prefix.startsWith('@')) checkName(prefix);
    else checkPrefix(prefix);
    if (!isAccelTarget(target)) {
      throw configError(`locations['${prefix}']`, 'is not a target', 'Build it with cloudfront({ … }) or s3({ … }) from @cdn-accel/core');
    }
    if (prefix.startsWith('@')) checkNamedTarget(prefix, target);
    return Object.freeze({ prefix, target });
  });
  const prefixes = compiled.filter((location) => !location.prefix.startsWith('@'));
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  const named = new Map(compiled.filter((location) => location.prefix.startsWith('@')).map((location) => [location.prefix, location]));
  const count = prefixes.length;
  return {
    locations: [...prefixes, ...named.values()],
    match(path: string): Location {
      for (let i = 0; i < count; i += 1) {
        const location = prefixes[i] as Location;
        if (path.startsWith(location.prefix)) return location;
      }
      throw unmapped('no location matches the internal path');
    },
    named(name: string): Location {
      const location = named.get(name);
      if (location === undefined) throw unmapped('no location has that name');
      return location;
    },
  };
}

function unmapped(reason: string): AccelError {
  return new AccelError('ERR_ACCEL_UNMAPPED', `Not Found (${reason})`, { status: 404 });
}

function checkName(name: string): void {
  if (!NAME_SHAPE.test(name)) {
    throw configError(`locations['${name}']`, 'a named location is "@" followed by letters, digits, "_" or "-"', "Write it like Nginx's `location @files`");
  }
}

function checkNamedTarget(name: string, target: AccelTarget): void {
  // SECURITY: a named location serves the client's own path, and signed()'s path is a host and a URL to pass on:
  // the client would pick the host (from the allow-list) and the object, and the app would authorize neither.
  if (target.kind === 'signed') {
    throw configError(
      `locations['${name}']`,
      'signed() cannot be a named location: the client would choose the host and the URL',
      "Use a prefix location, e.g. '/internal/s3/': signed(…), and have the app write the URL into X-Accel-Redirect",
    );
  }
}

function checkPrefix(prefix: string): void {
  const field = `locations['${prefix}']`;
  if (!PREFIX_SHAPE.test(prefix)) {
    throw configError(field, 'a location prefix must start and end with "/" and hold only URL path characters', "Write it like Nginx's `location /protected/`, or `@name` for a named location");
  }
  // SECURITY: a prefix with a dot segment or `//` could never match a safe path and hides a typo.
  if (prefix.includes('//') || prefix.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw configError(field, 'a location prefix may not contain "//", "." or ".." segments', 'Use the plain path, e.g. /protected/');
  }
  if (prefix.includes('%')) {
    throw configError(field, 'prefixes are matched against the decoded path, so "%" escapes never match', 'Write the decoded characters instead');
  }
}
