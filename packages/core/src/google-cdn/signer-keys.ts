import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { checkKeyName } from './key-name.js';
import { loadGoogleCdnKey } from './load-key.js';
import type { GoogleCdnKeyOptions } from './types.js';

/** Every configured key by name (raw bytes), and the one that signs. */
export interface GoogleCdnKeySet {
  activeKeyName: string;
  activeKey: Buffer;
  keys: ReadonlyMap<string, Buffer>;
}

function rotation(options: { keys: unknown; activeKeyName?: unknown }, field: string): GoogleCdnKeySet {
  if (!Array.isArray(options.keys) || options.keys.length === 0) {
    throw configError(`${field}keys`, `expected a non-empty array of { keyName, key }, got ${describeValue(options.keys)}`, 'List the keys of the backend bucket or service, e.g. [{ keyName: "key-2026", key: { file: "key-2026.txt" } }]');
  }
  const keys = new Map<string, Buffer>();
  options.keys.forEach((entry: unknown, index) => {
    const item = (typeof entry === 'object' && entry !== null ? entry : {}) as { keyName?: unknown; key?: unknown };
    const name = checkKeyName(item.keyName, `${field}keys[${index}].keyName`);
    if (keys.has(name)) throw configError(`${field}keys[${index}].keyName`, `"${name}" appears twice`, 'Give each key once');
    keys.set(name, loadGoogleCdnKey(item.key, `${field}keys[${index}].key`));
  });
  const activeKeyName = options.activeKeyName ?? options.keys[0].keyName;
  const activeKey = typeof activeKeyName === 'string' ? keys.get(activeKeyName) : undefined;
  if (activeKey === undefined) {
    throw configError(`${field}activeKeyName`, `expected one of keys[].keyName, got ${describeValue(activeKeyName)}`, `Use one of: ${[...keys.keys()].join(', ')}`);
  }
  return { activeKeyName: activeKeyName as string, activeKey, keys };
}

/**
 * Loads one key (`keyName` + `key`) or several (`keys`, one active) once, at startup. `field` is put before
 * each option name in errors (`googleCdn.`).
 */
export function loadGoogleCdnKeySet(options: GoogleCdnKeyOptions, field = ''): GoogleCdnKeySet {
  if (typeof options !== 'object' || options === null) {
    throw configError(field === '' ? 'options' : field.slice(0, -1), `expected an options object, got ${describeValue(options)}`, 'Pass { keyName, key } or { keys: [{ keyName, key }, …] }');
  }
  const given = options as unknown as Record<string, unknown>;
  if (given.keys !== undefined) {
    if (given.keyName !== undefined || given.key !== undefined) {
      throw configError(`${field}keys`, 'cannot be combined with keyName and key', 'Pass either keyName and key (one key) or keys (rotation)');
    }
    return rotation(given as { keys: unknown; activeKeyName?: unknown }, field);
  }
  const keyName = checkKeyName(given.keyName, `${field}keyName`);
  if (given.key === undefined) throw configError(`${field}key`, 'is missing', "Pass the key's base64url text, its 16 bytes or { file }");
  const key = loadGoogleCdnKey(given.key, `${field}key`);
  return { activeKeyName: keyName, activeKey: key, keys: new Map([[keyName, key]]) };
}
