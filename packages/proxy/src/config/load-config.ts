import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AccelTarget } from '@cdn-accel/core';
import { configError } from '@cdn-accel/core/internal';
import { buildLocation } from './build-location.js';
import { TOP_LEVEL_FIELDS } from './fields.js';
import type { LoadedConfig, ProxySettings } from './proxy-config.js';
import { checkSettings } from './check-settings.js';
import { loadOptionalTargets, type OptionalTargets } from './optional-targets.js';

function parseJson(path: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw configError('config', `${path} is not valid JSON (${(cause as Error).message})`, 'Fix the syntax; comments and trailing commas are not JSON', cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw configError('config', `${path} must hold a JSON object`, 'Start from { "locations": { … } }');
  }
  return value as Record<string, unknown>;
}

/**
 * Validates and builds a parsed config; `baseDir` is where relative `{ "file" }` paths start. Locations whose
 * type comes from a package of its own (`"files"`) need its factory in `optional`.
 */
export function buildConfig(raw: Record<string, unknown>, baseDir: string, env: NodeJS.ProcessEnv, optional: OptionalTargets = {}): LoadedConfig {
  for (const key of Object.keys(raw)) {
    if (!(TOP_LEVEL_FIELDS as readonly string[]).includes(key)) {
      throw configError(key, 'is not a config field', `Use one of: ${TOP_LEVEL_FIELDS.join(', ')}`);
    }
  }
  const { locations, cache, redirectStatus, batchSignatures, $schema: _schema, ...settings } = raw;
  if (typeof locations !== 'object' || locations === null || Array.isArray(locations) || Object.keys(locations).length === 0) {
    throw configError('locations', 'must be an object with at least one location', 'Add e.g. "/protected/": { "type": "cloudfront", "url": …, "keyPairId": …, "privateKey": { "file": "cloudfront-private.pem" } }');
  }
  const targets: Record<string, AccelTarget> = {};
  for (const [prefix, location] of Object.entries(locations)) targets[prefix] = buildLocation(prefix, location, { baseDir, env }, optional);
  const loaded: LoadedConfig = { settings: checkSettings(settings) as ProxySettings, locations: targets };
  if (cache !== undefined) loaded.cache = cache as LoadedConfig['cache'];
  if (redirectStatus !== undefined) loaded.redirectStatus = redirectStatus as LoadedConfig['redirectStatus'];
  // Checked by createAccel at startup, like cache and redirectStatus.
  if (batchSignatures !== undefined) loaded.batchSignatures = batchSignatures as boolean;
  return loaded;
}

/**
 * Reads, validates and builds `path` (a `cdn-accel.json`), loading the optional packages its locations name and
 * no others; every error names the field and how to fix it.
 */
export async function loadConfig(path: string, cwd: string, env: NodeJS.ProcessEnv): Promise<LoadedConfig> {
  const absolute = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (cause) {
    throw configError('--config', `cannot read ${path} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, 'Check the path', cause);
  }
  const raw = parseJson(path, text);
  return buildConfig(raw, dirname(absolute), env, await loadOptionalTargets(raw.locations));
}
