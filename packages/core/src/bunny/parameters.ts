import { AccelError } from '../errors/accel-error.js';

/** A parameter as it is signed (decoded) and as it goes on the wire (`key=value`, both percent-encoded). */
export interface Parameter {
  name: string;
  value: string;
  wire: string;
}

/** Names the token itself carries: an app parameter of that name would shadow or forge one. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'token', 'expires', 'bcdn_token', 'token_path', 'token_countries', 'token_countries_blocked', 'token_ignore_params', 'limit',
]);

function invalid(message: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', message, { status: 400 });
}

/** Query decoding as bunny.net's signers do it (`+` is a space, then percent-decoding); undefined when malformed. */
export function decodeQueryPart(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

const SUB_DELIM = /[!'()*]/;
const SUB_DELIMS = /[!'()*]/g;
const escapeSubDelim = (char: string): string => `%${char.charCodeAt(0).toString(16).toUpperCase()}`;

/**
 * Percent-encodes all but RFC 3986's unreserved characters, as bunny.net's signers encode values (Python's
 * `quote(v, safe='')`); the sub-delimiters encodeURIComponent keeps are escaped only when there are any.
 */
export function encodeComponent(text: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    throw invalid('query: a parameter is not well-formed Unicode (lone surrogate)');
  }
  return SUB_DELIM.test(encoded) ? encoded.replace(SUB_DELIMS, escapeSubDelim) : encoded;
}

export function parameter(name: string, value: string): Parameter {
  return { name, value, wire: `${encodeComponent(name)}=${encodeComponent(value)}` };
}

/**
 * The app's own query parameters, decoded. A repeated name is refused, as bunny.net's signers refuse it (the
 * token signs one value per name), and so are the names the token itself uses.
 */
export function appParameters(query: string): Parameter[] {
  const parameters: Parameter[] = [];
  const seen = new Set<string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeQueryPart(equals === -1 ? pair : pair.slice(0, equals));
    const value = decodeQueryPart(equals === -1 ? '' : pair.slice(equals + 1));
    if (name === undefined || value === undefined) throw invalid('query: a parameter is not valid percent-encoding');
    // SECURITY: an app parameter named like a token parameter would be read by the edge as a restriction.
    if (RESERVED_NAMES.has(name)) throw invalid(`query: "${name}" is a name bunny.net's token uses; rename the parameter`);
    if (seen.has(name)) throw invalid(`query: "${name}" is given more than once; bunny.net's token signs one value per name`);
    seen.add(name);
    parameters.push(parameter(name, value));
  }
  return parameters;
}

/** Orders by Unicode code point, as bunny.net's reference signer (Python's `sorted`) does. */
export function byName(a: Parameter, b: Parameter): number {
  if (a.name === b.name) return 0;
  const left = [...a.name];
  const right = [...b.name];
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const difference = left[index]!.codePointAt(0)! - right[index]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/** `signingData` (decoded `name=value` joined by `&`) and the wire form, each sorted by name. */
export function joinParameters(sorted: readonly Parameter[]): { signing: string; wire: string } {
  return {
    signing: sorted.map(({ name, value }) => `${name}=${value}`).join('&'),
    wire: sorted.map(({ wire }) => wire).join('&'),
  };
}
