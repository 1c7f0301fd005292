import type { LocationPattern } from './location-pattern.js';
import type { Directive } from './parse.js';
import { line, type ReportLine } from './report.js';
import type { TargetJson } from './url-target.js';

const VARIABLE = /\$(?:\{[A-Za-z0-9_]+\}|[A-Za-z0-9_]+)/g;
const KNOWN = new Set(['uri', 'secure_link_expires', 'remote_addr']);
const REQUIRED = ['$uri', '$secure_link_expires'];
const DEFAULT_SECURE_LINK = '$arg_md5,$arg_expires';
// Variable names that are Nginx's own and so no secret written after a "$" by mistake: these may be printed.
const NGINX_VARIABLE = /^\$\{?(?:(?:arg|http|cookie|sent_http|upstream|ssl|geoip)_[A-Za-z0-9_]*|request_uri|document_uri|args|query_string|host|scheme|server_name|server_port|remote_port|request_method|binary_remote_addr|time_iso8601|msec)\}?$/i;

export interface SecureLinkResult {
  target?: TargetJson;
  lines: ReportLine[];
}

/** What `splitSecret` found: the expression with `$secret` in the secret's place, or why there is none. */
export type SecretSplit =
  | { kind: 'split'; expression: string; secret: string }
  | { kind: 'none' }
  | { kind: 'several'; count: number; shape: string };

/**
 * The expression with its secret as `$secret`, the way core's expression.ts puts `$secret` back: its literal text
 * around the variables kept byte for byte, `$secret` replaced by the secret as is. The secret is the one run of
 * text between the variables (spaces inside it included); the white space around it, which Nginx's documentation
 * puts between `$remote_addr` and the secret, stays in the expression. With several runs of text (a path piece
 * beside the secret, two halves of it) which one is the secret cannot be told: that is `several`, whose `shape`
 * shows the variables only. SECURITY: the secret is returned only for tests; nothing of the text is printed.
 */
export function splitSecret(expression: string): SecretSplit {
  const runs: Array<{ start: number; end: number }> = [];
  let shape = '';
  let last = 0;
  for (const match of expression.matchAll(VARIABLE)) {
    runs.push({ start: last, end: match.index });
    shape += `${match.index > last ? '…' : ''}${match[0]}`;
    last = match.index + match[0].length;
  }
  runs.push({ start: last, end: expression.length });
  if (last < expression.length) shape += '…';
  const text = runs.filter((run) => /\S/.test(expression.slice(run.start, run.end)));
  if (text.length === 0) return { kind: 'none' };
  if (text.length > 1) return { kind: 'several', count: text.length, shape };
  const run = text[0] as { start: number; end: number };
  const piece = expression.slice(run.start, run.end);
  const lead = (/^\s*/.exec(piece) as RegExpExecArray)[0].length;
  const trail = (/\s*$/.exec(piece) as RegExpExecArray)[0].length;
  const start = run.start + lead;
  const end = run.end - trail;
  return { kind: 'split', expression: `${expression.slice(0, start)}$secret${expression.slice(end)}`, secret: expression.slice(start, end) };
}

function unknownVariables(expression: string): string[] {
  return [...expression.matchAll(VARIABLE)].map((match) => match[0]).filter((name) => !KNOWN.has(name.replace(/^\$\{?|\}$/g, '')));
}

/** The directive named `name` that applies to the location: its own, else the nearest outer level's (Nginx's merge). */
export function inheritedDirective(name: string, levels: readonly Directive[][]): Directive | undefined {
  for (let index = levels.length - 1; index >= 0; index -= 1) {
    const found = (levels[index] as Directive[]).find((directive) => directive.name === name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** SECURITY: secure_link_md5 as the report prints it: the expression with `$secret`, or nothing of its text. */
function md5Line(md5: Directive, outcome: ReportLine['outcome'], note: string, expression?: string): ReportLine {
  return { ...line(md5, outcome, note), directive: expression === undefined ? 'secure_link_md5 (its text not shown: it holds the secret)' : `secure_link_md5 ${JSON.stringify(expression)}` };
}

/**
 * A location with `secure_link` stays in Nginx, which keeps checking the links; cdn-accel makes them. Its location
 * key is the Nginx prefix, so the app sends `X-Accel-Redirect: <prefix><file>` and cdn-accel answers with a link
 * to `url` + `<file>`. `outer` are the blocks around the location (outermost first): `secure_link` and
 * `secure_link_md5` written there apply to it, as in Nginx.
 */
export function secureLinkLocation(location: Directive, pattern: LocationPattern, url: string, secretEnv: string, outer: readonly Directive[][] = []): SecureLinkResult {
  const block = location.block ?? [];
  const levels = [...outer, block];
  const md5 = inheritedDirective('secure_link_md5', levels);
  const link = inheritedDirective('secure_link', levels);
  const inherited = (directive: Directive): string => (block.includes(directive) ? '' : ' (inherited from the enclosing block)');
  const rest = (note: string): ReportLine[] => block.filter((directive) => directive !== md5 && directive !== link).map((directive) => line(directive, 'translated', note));
  if (pattern.kind !== 'prefix' || pattern.key === undefined || md5 === undefined || link === undefined) {
    const why = md5 === undefined ? 'it has secure_link without secure_link_md5, here or in an enclosing block (the secure_link_secret form has no cdn-accel target)' : 'only a prefix location can be a cdn-accel location';
    return { lines: [line(location, 'not translatable', `${why}; keep making these links in the app`)] };
  }
  const leftOut = line(location, 'not translatable', 'left out of the config (the next line says why)');
  const raw = md5.args[0] ?? '';
  const split = splitSecret(raw);
  const keep = 'keep making these links in the app, or write the location by hand';
  if (split.kind === 'none') return { lines: [leftOut, md5Line(md5, 'not translatable', `the expression holds no secret text; ${keep}`)] };
  if (split.kind === 'several') {
    return {
      lines: [leftOut, md5Line(md5, 'not translatable', `the expression has ${split.count} runs of text between its variables (${split.shape}, the text not shown), so which one is the secret cannot be told; ${keep}: "type": "secure-link", "secureLinkMd5" the expression with $secret where the secret stands and the other text as written, "secret": { "env": "${secretEnv}" } set to the secret`)],
    };
  }
  const unknown = unknownVariables(raw);
  if (unknown.length > 0) {
    const named = unknown.filter((name) => NGINX_VARIABLE.test(name));
    const which = named.length === unknown.length ? unknown.join(', ') : `${unknown.length} variable${unknown.length === 1 ? '' : 's'} it does not know${named.length > 0 ? ` (${named.join(', ')}…)` : ''}`;
    // A name that is not Nginx's may be a secret written after a "$": then the expression is not printed either.
    const printable = named.length === unknown.length ? split.expression : undefined;
    return { lines: [leftOut, md5Line(md5, 'not translatable', `the expression uses ${which}; secureLink() knows $uri, $secure_link_expires and $remote_addr; ${keep}`, printable)] };
  }
  const missing = REQUIRED.filter((name) => !new RegExp(`\\${name}(?![A-Za-z0-9_])|\\$\\{${name.slice(1)}\\}`).test(raw));
  if (missing.length > 0) {
    return { lines: [leftOut, md5Line(md5, 'not translatable', `the expression has no ${missing.join(' and ')}, which secureLink() requires (without them a link never expires, or opens every file); ${keep}`, split.expression)] };
  }
  const target: TargetJson = { type: 'secure-link', url, secureLinkMd5: split.expression, secret: { env: secretEnv } };
  if ((link.args[0] ?? '') !== DEFAULT_SECURE_LINK) target.secureLink = link.args[0];
  const lines: ReportLine[] = [];
  lines.push(line(location, 'approximated', `secure-link ${url}: this location stays in Nginx, which keeps checking the links; the app sends X-Accel-Redirect: ${pattern.key}<file> and cdn-accel answers with a link to it instead of the app making one`));
  lines.push(line(link, 'translated', `${target.secureLink === undefined ? 'the default secureLink' : `secureLink "${String(target.secureLink)}"`}${inherited(link)}`));
  lines.push(md5Line(md5, 'translated', `secureLinkMd5 ${JSON.stringify(split.expression)}${inherited(md5)}; the secret written here (the text between the variables, without the spaces around it) is not copied into the config: set ${secretEnv} to it`, split.expression));
  lines.push(...rest('stays in Nginx, in the location that serves the links'));
  return { target, lines };
}
