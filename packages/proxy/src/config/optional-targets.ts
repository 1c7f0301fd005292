import type { AccelError } from '@cdn-accel/core';
import { configError } from '@cdn-accel/core/internal';
import type { files } from '@cdn-accel/files';

/**
 * Target factories that live in packages of their own, optional peer dependencies of the proxy, so that their
 * dependencies reach only the installs that use them. A config is built with those it needs, loaded beforehand.
 */
export interface OptionalTargets {
  files?: typeof files;
}

export type OptionalType = keyof OptionalTargets;

const PACKAGES: Record<OptionalType, string> = { files: '@cdn-accel/files' };

export function isOptionalType(type: string): type is OptionalType {
  return Object.hasOwn(PACKAGES, type);
}

/** The startup error of a location whose type needs a package that is not installed: the field, and what to install. */
export function missingPackage(field: string, type: OptionalType): AccelError {
  const name = PACKAGES[type];
  return configError(`${field}.type`, `"${type}" locations are served by ${name}, a package of its own that is not installed`, `Install it next to the proxy: npm install ${name}`);
}

/** Only the package's own absence reads as "not installed": a package that is there but fails to load is an error of its own. */
async function importIfInstalled<T>(name: string, load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'ERR_MODULE_NOT_FOUND' && message?.includes(`'${name}'`)) return undefined;
    throw error;
  }
}

function typesNamed(locations: unknown): Set<string> {
  if (typeof locations !== 'object' || locations === null) return new Set();
  return new Set(Object.values(locations).map((location) => (location as { type?: unknown } | null)?.type).filter((type) => typeof type === 'string'));
}

/**
 * Loads the optional packages that the config's `locations` name by their `type`, and no other. A missing one is
 * left out: building the location then says what to install.
 */
export async function loadOptionalTargets(locations: unknown): Promise<OptionalTargets> {
  const loaded: OptionalTargets = {};
  if (typesNamed(locations).has('files')) {
    const factory = await importIfInstalled(PACKAGES.files, async () => (await import('@cdn-accel/files')).files);
    if (factory !== undefined) loaded.files = factory;
  }
  return loaded;
}
