import { configError, type AccelError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';

/** The variables a `secure_link_md5` expression may use here; `secret` stands for the secret Nginx has inline. */
export type SecureLinkVariable = 'uri' | 'secure_link_expires' | 'remote_addr' | 'secret';

export type ExpressionPart = { literal: string } | { variable: SecureLinkVariable };

/** A checked `secure_link_md5` expression. */
export interface SecureLinkExpression {
  parts: readonly ExpressionPart[];
  /** True when the expression has `$remote_addr`: every link is bound to the client's address. */
  usesRemoteAddr: boolean;
}

const KNOWN: ReadonlySet<string> = new Set<SecureLinkVariable>(['uri', 'secure_link_expires', 'remote_addr', 'secret']);
// Names Nginx has, which can be shown in a message: anything else may be a secret written after a "$" by mistake.
const NGINX_NAMES = new Set([
  'request_uri', 'document_uri', 'args', 'query_string', 'is_args', 'host', 'hostname', 'remote_port', 'remote_user', 'request',
  'request_method', 'request_filename', 'request_id', 'scheme', 'server_addr', 'server_name', 'server_port', 'server_protocol',
  'document_root', 'realpath_root', 'binary_remote_addr', 'content_type', 'content_length', 'time_iso8601', 'time_local', 'msec',
  'nginx_version', 'pid', 'secure_link', 'status', 'https', 'date_local', 'date_gmt', 'realip_remote_addr', 'proxy_protocol_addr',
]);
const NGINX_PREFIXES = ['arg_', 'http_', 'cookie_', 'sent_http_', 'upstream_', 'ssl_', 'geoip_'];
const NAME_CHAR = /[A-Za-z0-9_]/;
const EXAMPLE = "'$secure_link_expires$uri$remote_addr $secret'";
const VARIABLES_FIX = `Use $uri, $secure_link_expires, $remote_addr and $secret (the secret option, where Nginx has the secret written out), e.g. ${EXAMPLE}`;

/** Reads one variable name after `$` at `start` (Nginx's rules: `$name` or `${name}`, names of [A-Za-z0-9_]). */
function readVariable(text: string, start: number, field: string): { name: string; end: number } {
  const braced = text[start] === '{';
  let end = braced ? start + 1 : start;
  while (end < text.length && NAME_CHAR.test(text[end]!)) end += 1;
  const name = text.slice(braced ? start + 1 : start, end);
  if (braced && text[end] !== '}') throw configError(field, `the closing bracket of the variable "\${${name}" is missing`, VARIABLES_FIX);
  if (name === '') throw configError(field, 'has a "$" that starts no variable name', `Nginx has no way to write a literal "$" here. ${VARIABLES_FIX}`);
  return { name, end: braced ? end + 1 : end };
}

/** SECURITY: names a refused variable only when the name cannot be a secret (an Nginx name, or one of ours run on). */
function unknownVariable(name: string, at: number, field: string): AccelError {
  const lower = name.toLowerCase();
  const runOn = [...KNOWN].find((known) => lower.startsWith(known));
  if (runOn !== undefined) {
    return configError(field, `the variable "$${runOn}" runs on into the text after it (a name goes on while letters, digits and _ follow)`, `Write \${${runOn}} to end the name there, here and in Nginx`);
  }
  if (/^[1-9]/.test(name)) return configError(field, `"$${name[0]}" is a regular-expression capture, which has no value here`, VARIABLES_FIX);
  if (NGINX_NAMES.has(lower) || NGINX_PREFIXES.some((prefix) => lower.startsWith(prefix))) return configError(field, `unknown variable "$${name}"`, VARIABLES_FIX);
  return configError(field, `unknown variable at character ${at} (its name is not shown: it may be part of the secret)`, VARIABLES_FIX);
}

/**
 * Parses a `secure_link_md5` expression the way Nginx compiles it into literal text and variables. Unknown
 * variables are refused at startup; the message never shows the expression, which may hold a secret.
 */
export function parseSecureLinkMd5(expression: unknown, field: string): SecureLinkExpression {
  if (typeof expression !== 'string' || expression === '') {
    throw configError(field, `expected the secure_link_md5 expression as a string, got ${typeof expression === 'string' ? 'an empty string' : describeValue(expression)}`, `Use e.g. ${EXAMPLE}`);
  }
  const parts: ExpressionPart[] = [];
  let index = 0;
  while (index < expression.length) {
    const dollar = expression.indexOf('$', index);
    if (dollar !== index) {
      parts.push({ literal: expression.slice(index, dollar === -1 ? undefined : dollar) });
      if (dollar === -1) break;
    }
    const { name, end } = readVariable(expression, dollar + 1, field);
    // Nginx looks variable names up without regard to case.
    const variable = name.toLowerCase();
    if (!KNOWN.has(variable)) throw unknownVariable(name, dollar + 1, field);
    parts.push({ variable: variable as SecureLinkVariable });
    index = end;
  }
  const uses = new Set(parts.flatMap((part) => ('variable' in part ? [part.variable] : [])));
  // SECURITY: without the secret anyone can make links; without the expiry anyone can extend one; without $uri one link opens every file.
  for (const [variable, why] of [['secret', 'anyone could make these links'], ['secure_link_expires', 'anyone could change the expiry of a link'], ['uri', 'one link would open every file of the location']] as const) {
    if (!uses.has(variable)) throw configError(field, `has no $${variable}, so ${why}`, `Put $${variable} in the expression, here and in Nginx's secure_link_md5, e.g. ${EXAMPLE}`);
  }
  return { parts, usesRemoteAddr: uses.has('remote_addr') };
}

/** The variables' values for one link. */
export type ExpressionValues = Readonly<Record<SecureLinkVariable, string>>;

/** The expression's text for one link, the bytes Nginx hashes (as UTF-8). */
export function evaluate(expression: SecureLinkExpression, values: ExpressionValues): string {
  let text = '';
  for (const part of expression.parts) text += 'literal' in part ? part.literal : values[part.variable];
  return text;
}

/** The expression's text from the three per-link values, with the secret already put in (signers call it per link). */
export type CompiledExpression = (uri: string, expires: string, remoteAddr: string) => string;

const URI = 0;
const EXPIRES = 1;
const REMOTE_ADDR = 2;

/** Folds the secret into the literal text once, so that a link costs a few concatenations. */
export function compileExpression(expression: SecureLinkExpression, secret: string): CompiledExpression {
  const pieces: Array<string | number> = [];
  for (const part of expression.parts) {
    const piece = 'literal' in part ? part.literal : part.variable === 'secret' ? secret : part.variable === 'uri' ? URI : part.variable === 'secure_link_expires' ? EXPIRES : REMOTE_ADDR;
    const last = pieces.length - 1;
    if (typeof piece === 'string' && typeof pieces[last] === 'string') pieces[last] += piece;
    else pieces.push(piece);
  }
  return (uri, expires, remoteAddr) => {
    let text = '';
    for (const piece of pieces) text += typeof piece === 'string' ? piece : piece === URI ? uri : piece === EXPIRES ? expires : remoteAddr;
    return text;
  };
}

/** The same text as bytes, for a verifier whose `$uri` comes from a request and need not be UTF-8. */
export function evaluateBytes(expression: SecureLinkExpression, values: Readonly<Record<SecureLinkVariable, Buffer>>): Buffer {
  return Buffer.concat(expression.parts.map((part) => ('literal' in part ? Buffer.from(part.literal, 'utf8') : values[part.variable])));
}
