import { restString, type LocationPattern } from './location-pattern.js';
import type { Directive } from './parse.js';
import { signedTarget, urlTarget, type TargetChoice, type TargetDefaults } from './url-target.js';
import { expandValue, type ExpandedValue } from './variables.js';

/** The directive that says where a location's files are, and what it becomes. */
export interface ContentChoice extends TargetChoice {
  directive?: Directive;
}

/** The value with the rest of the internal path removed from its end; undefined when it does not end with it. */
function withoutRest(value: string, rest: string): string | undefined {
  if (rest === '') return value;
  return value.endsWith(rest) && !value.slice(0, -rest.length).includes('\u0000') ? value.slice(0, -rest.length) : undefined;
}

/** What Nginx appends to an `alias` or to a `proxy_pass` URI in a prefix location: the path after the prefix as written. */
function afterNginxPrefix(pattern: LocationPattern): string {
  const full = `${pathBase(pattern)}${restString(pattern.rest)}`;
  return full.slice((pattern.nginxPrefix ?? pattern.key ?? '').length);
}

/** The path the rest follows: the key, or `/` for a named location (the client's request path). */
function pathBase(pattern: LocationPattern): string {
  return pattern.base ?? pattern.key ?? '/';
}

function unknownVariables(expanded: ExpandedValue): string | undefined {
  return expanded.unknown.length === 0 ? undefined : `it depends on ${expanded.unknown.join(', ')}, which cdn-accel does not know when it maps a path`;
}

/**
 * A folder on disk. The app's Content-Type wins, as in Nginx (its static module types a file only when the
 * response has no type yet); symlinks out of the folder and dotfiles keep files()'s refusals, which Nginx lacks.
 */
function filesChoice(root: string, how: string): ContentChoice {
  return {
    target: { type: 'files', root, contentType: 'app' },
    outcome: 'approximated',
    note: `files under ${root} (${how}), the app's Content-Type winning as in Nginx; symlinks that lead out of the folder and dotfiles are refused (404), which Nginx serves: "followSymlinks": true and "dotfiles": "allow" if you rely on them`,
  };
}

function aliasChoice(directive: Directive, pattern: LocationPattern, sets: ReadonlyMap<string, string>): ContentChoice {
  const expanded = expandValue(directive.args[0] ?? '', sets, pattern.rest);
  const unknown = unknownVariables(expanded);
  if (unknown !== undefined) return { directive, outcome: 'not translatable', note: `${unknown}; have the app name the file under one folder` };
  const file = pattern.kind === 'prefix' ? expanded.value + afterNginxPrefix(pattern) : expanded.value;
  const root = withoutRest(file, restString(pattern.rest));
  if (root === undefined || root === '') return { directive, outcome: 'not translatable', note: 'the file name is not the internal path\'s rest under one folder; have the app send X-Accel-Redirect: <prefix>/<file> for a folder location' };
  return { directive, ...filesChoice(root.endsWith('/') ? root : `${root}/`, 'alias') };
}

function rootChoice(directive: Directive, pattern: LocationPattern, inherited: boolean): ContentChoice {
  const root = (directive.args[0] ?? '').replace(/\/$/, '');
  if (root.includes('$')) return { directive, outcome: 'not translatable', note: 'the root depends on a variable; give the folder itself' };
  const path = pattern.kind === 'named' ? 'the client\'s request path' : 'the path';
  const choice = filesChoice(`${root}${pathBase(pattern)}`, `root ${root} + ${path}${inherited ? ', root inherited from the enclosing block' : ''}`);
  return { directive, ...choice };
}

function proxyPassChoice(directive: Directive, pattern: LocationPattern, sets: ReadonlyMap<string, string>, defaults: TargetDefaults): ContentChoice {
  const raw = directive.args[0] ?? '';
  const expanded = expandValue(raw, sets, pattern.rest);
  const unknown = unknownVariables(expanded);
  if (unknown !== undefined) return { directive, outcome: 'not translatable', note: unknown };
  const rest = restString(pattern.rest);
  let url = expanded.value;
  if (!raw.includes('$')) {
    const uriPart = /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(url)?.[1];
    if (uriPart === undefined) url += `${pathBase(pattern)}${rest}`;
    else if (pattern.kind === 'prefix') url += afterNginxPrefix(pattern);
    else if (pattern.kind !== 'exact') return { directive, outcome: 'not translatable', note: 'Nginx refuses a URI in proxy_pass in a regex or named location' };
  }
  const base = withoutRest(url, rest);
  if (base === undefined) return { directive, outcome: 'not translatable', note: 'the URL is not a base URL followed by the internal path\'s rest; have the app send the object\'s key after the location prefix' };
  if (base === '' || base === 'https://' || base === 'http://') {
    const choice = signedTarget(defaults, base === '' ? 'from the app' : base === 'http://' ? 'http' : 'https');
    const query = expanded.keepsQuery ? '' : '; Nginx dropped the app\'s query here, cdn-accel passes it on';
    return { directive, ...choice, note: `${choice.note}${query}` };
  }
  if (base.includes('\u0000')) return { directive, outcome: 'not translatable', note: 'the host is built from parts of the path' };
  return { directive, ...urlTarget(base) };
}

/**
 * The target of an internal location, from its `alias`, `root` (its own or inherited) or `proxy_pass`, with
 * `set` variables written out.
 */
export function locationContent(pattern: LocationPattern, block: Directive[], inheritedRoot: Directive | undefined, defaults: TargetDefaults): ContentChoice {
  const sets = new Map<string, string>();
  for (const directive of block) if (directive.name === 'set' && directive.args.length === 2) sets.set((directive.args[0] as string).replace(/^\$/, ''), directive.args[1] as string);
  const find = (name: string): Directive | undefined => block.find((directive) => directive.name === name);
  const alias = find('alias');
  if (alias !== undefined) return aliasChoice(alias, pattern, sets);
  const proxyPass = find('proxy_pass');
  if (proxyPass !== undefined) return proxyPassChoice(proxyPass, pattern, sets, defaults);
  const root = find('root') ?? inheritedRoot;
  if (root !== undefined) return rootChoice(root, pattern, root === inheritedRoot);
  return { outcome: 'not translatable', note: 'no alias, root or proxy_pass says where the files are' };
}
