import type { Directive } from './parse.js';
import { line, type ReportLine } from './report.js';
import { headerValueShown } from './shown-text.js';
import type { TargetJson } from './url-target.js';

/** The Nginx directives that become a stream location's `limitRate`, `limitRateAfter`, `expires` and `addHeaders`. */
export const STREAM_DIRECTIVES = new Set(['limit_rate', 'limit_rate_after', 'expires', 'add_header']);

/** What `stream-options` made of a location's (and its outer levels') directives. */
export interface StreamOptionsResult {
  options: TargetJson;
  lines: ReportLine[];
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const TIME_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };
// Names core refuses in addHeaders (packages/core/src/targets/stream-options.ts): framing, hop-by-hop, internal, Set-Cookie.
const REFUSED = /^(content-length|content-range|transfer-encoding|connection|keep-alive|proxy-connection|upgrade|te|trailer|host|set-cookie|x-accel-.*|x-sendfile.*|x-lighttpd-.*)$/i;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VARIABLE = /\$(\w|\{)/;

/** `512k` → 524288 (Nginx's sizes: bytes, k, m, g). */
export function nginxSize(text: string): number | undefined {
  const match = /^(\d+)([kKmMgG]?)$/.exec(text);
  return match === null ? undefined : Number(match[1]) * (SIZE_UNITS[(match[2] as string).toLowerCase()] as number);
}

/** `1h30m`, `-1`, `30d` → seconds (Nginx's times: ms s m h d w M y); `undefined` for what has parts below a second. */
function nginxSeconds(text: string): number | undefined {
  const match = /^([+-]?)((?:\d+(?:ms|[smhdwMy])?)+)$/.exec(text);
  if (match === null || /\d+ms/.test(match[2] as string)) return undefined;
  let seconds = 0;
  for (const [, count, unit] of (match[2] as string).matchAll(/(\d+)([smhdwMy]?)/g)) seconds += Number(count) * (TIME_UNITS[unit as string] as number);
  return match[1] === '-' ? -seconds : seconds;
}

/** The directives named `name` that apply to the location: its own, else those of the nearest outer level (Nginx's merge). */
function effective(name: string, levels: readonly Directive[][]): { directives: Directive[]; inherited: boolean } {
  for (let index = levels.length - 1; index >= 0; index -= 1) {
    const found = (levels[index] as Directive[]).filter((directive) => directive.name === name);
    if (found.length > 0) return { directives: found, inherited: index !== levels.length - 1 };
  }
  return { directives: [], inherited: false };
}

function from(inherited: boolean): string {
  return inherited ? ' (inherited: the location has none of its own); Nginx applied it to the other locations of its level too, whose answers (the app\'s own pages) cdn-accel passes as the app sent them' : '';
}

/** Inherited directives are approximated: cdn-accel applies them to the internal location only. */
function outcome(inherited: boolean): 'translated' | 'approximated' {
  return inherited ? 'approximated' : 'translated';
}

function sizeOption(directive: Directive, field: 'limitRate' | 'limitRateAfter', inherited: boolean, options: TargetJson): ReportLine {
  const text = directive.args[0] ?? '';
  const size = nginxSize(text);
  if (size === undefined) return line(directive, 'not translatable', `${text} is not a fixed size: set "${field}" to bytes${field === 'limitRate' ? ' per second, or have the app send X-Accel-Limit-Rate' : ''}`);
  if (size === 0) return line(directive, outcome(inherited), `no ${field === 'limitRate' ? 'limit' : 'unthrottled start'}: "${field}" left out${from(inherited)}`);
  options[field] = size;
  const note = field === 'limitRate' ? "; the app's X-Accel-Limit-Rate wins, as in Nginx" : '';
  return line(directive, outcome(inherited), `"${field}": ${size}${note}${from(inherited)}`);
}

function expiresOption(directive: Directive, inherited: boolean, options: TargetJson): ReportLine {
  const args = directive.args;
  const first = args[0] ?? '';
  if (args.length === 1 && first === 'off') return line(directive, outcome(inherited), `nothing to configure: the object's and the app's Expires and Cache-Control pass unchanged${from(inherited)}`);
  if (args.length === 1 && (first === 'epoch' || first === 'max')) {
    options.expires = first;
    return line(directive, outcome(inherited), `"expires": "${first}"${from(inherited)}`);
  }
  const seconds = args.length === 1 ? nginxSeconds(first) : undefined;
  if (seconds === undefined) {
    const why = first === 'modified' ? 'an expiry counted from the file\'s Last-Modified' : first.startsWith('@') ? 'a time of day' : VARIABLE.test(first) ? 'a variable' : 'this form';
    return line(directive, 'not translatable', `cdn-accel's "expires" takes seconds from now, 'epoch' or 'max', not ${why}: have the app send Cache-Control (and Expires), which cdn-accel keeps as Nginx keeps them`);
  }
  options.expires = seconds;
  return line(directive, outcome(inherited), `"expires": ${seconds}${from(inherited)}`);
}

function headerOptions(directives: Directive[], inherited: boolean, options: TargetJson): ReportLine[] {
  const added: Record<string, string | { value: string; always: true }> = {};
  const lines: ReportLine[] = [];
  for (const directive of directives) {
    const [name = '', value = '', flag] = directive.args;
    const always = flag === 'always';
    if (!TOKEN.test(name) || REFUSED.test(name)) {
      const fix = /^set-cookie$/i.test(name) ? 'have the app send it: its Set-Cookie is kept on the answer' : 'cdn-accel and the HTTP server set it';
      lines.push(line(directive, 'not translatable', `a location may not add ${name}: ${fix}`));
      continue;
    }
    // The proxy refuses a header value with control characters at startup: CR LF would start a header of its own.
    if (/\p{Cc}/u.test(value.replace(/\t/g, ''))) {
      lines.push(line(directive, 'not translatable', 'the value holds control characters (a line break would start another header), which cdn-accel refuses: write the value on one line'));
      continue;
    }
    if (VARIABLE.test(value) || VARIABLE.test(name)) {
      lines.push(line(directive, 'not translatable', 'the value has a variable, and cdn-accel adds fixed values: have the app send the header, or add it in a server in front of cdn-accel'));
      continue;
    }
    const shown = (text: string): string => (headerValueShown(name) ? JSON.stringify(text) : '<the value as written>');
    const key = Object.keys(added).find((taken) => taken.toLowerCase() === name.toLowerCase());
    if (key !== undefined) {
      const before = added[key] as string | { value: string; always: true };
      const joined = `${typeof before === 'string' ? before : before.value}, ${value}`;
      added[key] = typeof before === 'string' && !always ? joined : { value: joined, always: true };
      lines.push(line(directive, 'approximated', `joined to the earlier ${key} as one line (${shown(joined)}), where Nginx sends two${from(inherited)}`));
      continue;
    }
    added[name] = always ? { value, always: true } : value;
    const entry = always ? `{ "value": ${shown(value)}, "always": true }` : shown(value);
    const at = `"addHeaders": { ${JSON.stringify(name)}: ${entry} }${from(inherited)}`;
    if (always) lines.push(line(directive, outcome(inherited), `${at}; on every status, cdn-accel's own error answers (404 for a missing file, 502) included, as on Nginx's error pages`));
    else lines.push(line(directive, outcome(inherited), value === '' ? `${at}: an empty value adds nothing, as in Nginx` : at));
  }
  if (Object.keys(added).length > 0) options.addHeaders = added;
  return lines;
}

/**
 * A stream (or files) location's `limit_rate`, `limit_rate_after`, `expires` and `add_header` as cdn-accel options,
 * each taken from the location or, where it has none, from the nearest outer level (`levels`: outermost first, the
 * location's own block last), as Nginx merges them.
 */
export function streamOptions(levels: readonly Directive[][]): StreamOptionsResult {
  const options: TargetJson = {};
  const lines: ReportLine[] = [];
  const rate = effective('limit_rate', levels);
  for (const directive of rate.directives.slice(-1)) lines.push(sizeOption(directive, 'limitRate', rate.inherited, options));
  const after = effective('limit_rate_after', levels);
  for (const directive of after.directives.slice(-1)) lines.push(sizeOption(directive, 'limitRateAfter', after.inherited, options));
  const expires = effective('expires', levels);
  for (const directive of expires.directives.slice(-1)) lines.push(expiresOption(directive, expires.inherited, options));
  const headers = effective('add_header', levels);
  lines.push(...headerOptions(headers.directives, headers.inherited, options));
  return { options, lines };
}
