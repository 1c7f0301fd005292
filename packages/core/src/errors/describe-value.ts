const MAX_SHOWN = 60;

/**
 * A received option value as a startup message shows it, type included: `the string "300"`, `the number -1`,
 * `an array`, `an object with "fil"`. `"300"` and `300` must not read the same in a message that asks for a number.
 * Only for values that are never secret: strings are shown.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return value === '' ? 'an empty string' : `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (typeof value === 'bigint') return `the bigint ${String(value)}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length}`;
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  if (prototype !== null && prototype !== Object.prototype) {
    const name = prototype.constructor?.name ?? 'object';
    return `${/^[AEIOU]/i.test(name) ? 'an' : 'a'} ${name}`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  const shownKeys = keys.slice(0, 5).map((key) => JSON.stringify(key)).join(', ');
  return `an object with ${shownKeys}${keys.length > 5 ? ', …' : ''}`;
}
