import { appUpstream } from './app-upstream.js';
import { confError } from './conf-error.js';
import { directiveNote } from './directive-notes.js';
import { serverListen } from './listen.js';
import { locationContent } from './location-content.js';
import { locationPattern } from './location-pattern.js';
import type { LoadedConf } from './load-conf.js';
import type { Directive } from './parse.js';
import { line, type ReportLine } from './report.js';
import { inheritedDirective, secureLinkLocation } from './secure-link.js';
import { STREAM_DIRECTIVES, streamOptions } from './stream-options.js';
import type { TargetDefaults, TargetJson } from './url-target.js';

export interface TranslateOptions extends TargetDefaults {
  /** The public location whose `proxy_pass` names the app, as written after `location` (`/`, `/app/`). @default "/" */
  upstreamFrom?: string;
}

export interface Translation {
  config: Record<string, unknown>;
  report: ReportLine[];
  /** The key of each internal prefix location that can stay in Nginx with `cdn-accel serve` as its backend. */
  prefixes: string[];
}

interface FoundLocation {
  location: Directive;
  root?: Directive;
  server: Directive;
  /** The blocks around the location, outermost first (`http`, `server`, enclosing locations): what it inherits from. */
  outer: Directive[][];
}

const CONTENT = new Set(['alias', 'root', 'proxy_pass']);

function has(block: Directive[] | undefined, name: string): boolean {
  return (block ?? []).some((directive) => directive.name === name);
}

/** Every location of a server, nested ones too, with the `root` and the outer blocks each inherits from. */
function locationsOf(server: Directive, block: Directive[], root: Directive | undefined, found: FoundLocation[], outer: Directive[][] = []): void {
  const own = block.find((directive) => directive.name === 'root') ?? root;
  const levels = [...outer, block];
  for (const directive of block) {
    if (directive.name !== 'location') continue;
    found.push({ location: directive, server, outer: levels, ...(own === undefined ? {} : { root: own }) });
    locationsOf(server, directive.block ?? [], own, found, levels);
  }
}

/** The servers (in `http` blocks or at the top of an included site file) and the `upstream` blocks. */
function collect(directives: Directive[]): { servers: Array<{ server: Directive; root?: Directive; outer: Directive[][] }>; upstreams: Map<string, Directive> } {
  const servers: Array<{ server: Directive; root?: Directive; outer: Directive[][] }> = [];
  const upstreams = new Map<string, Directive>();
  const visit = (block: Directive[], root: Directive | undefined, outer: Directive[][]): void => {
    const own = block.find((directive) => directive.name === 'root') ?? root;
    for (const directive of block) {
      if (directive.name === 'http') visit(directive.block ?? [], own, [...outer, directive.block ?? []]);
      if (directive.name === 'server' && directive.block !== undefined) servers.push({ server: directive, outer, ...(own === undefined ? {} : { root: own }) });
      if (directive.name === 'upstream' && directive.args[0] !== undefined) upstreams.set(directive.args[0], directive);
    }
  };
  visit(directives, undefined, []);
  return { servers, upstreams };
}

/** Each `file:line` in the order Nginx reads it (an included file where it is included), for the report's order. */
function readingOrder(directives: Directive[], order = new Map<string, number>()): Map<string, number> {
  for (const directive of directives) {
    const at = `${directive.file}:${directive.line}`;
    if (!order.has(at)) order.set(at, order.size);
    if (directive.block !== undefined) readingOrder(directive.block, order);
  }
  return order;
}

/** The lines in reading order, each once: a file included in two locations says the same of its directives twice. */
function ordered(lines: ReportLine[], directives: Directive[]): ReportLine[] {
  const order = readingOrder(directives);
  const seen = new Set<string>();
  const position = (entry: ReportLine): number => order.get(`${entry.at.file}:${entry.at.line}`) ?? 0;
  return [...lines].sort((a, b) => position(a) - position(b)).filter((entry) => {
    const text = `${entry.at.file}:${entry.at.line}: ${entry.outcome}: ${entry.directive}: ${entry.note}`;
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/**
 * A named location (`@name`) that serves files: a root, or a proxy_pass to a host that is not an `upstream` block
 * (the app's fallback, `try_files … @app`, is no file location). X-Accel-Redirect: @name reaches it.
 */
function isFileNamedLocation(location: Directive, upstreams: ReadonlyMap<string, Directive>): boolean {
  if (!(location.args[0] ?? '').startsWith('@') || location.args.length !== 1) return false;
  const block = location.block ?? [];
  const pass = block.find((directive) => directive.name === 'proxy_pass')?.args[0];
  if (pass === undefined) return has(block, 'root');
  const host = /^[a-z]+:\/\/([^/:]+)/i.exec(pass)?.[1];
  return host !== undefined && !upstreams.has(host) && !/^(?:127\.|localhost$|\[?::1)/.test(host);
}

function isStream(target: TargetJson | undefined): boolean {
  return target?.mode === 'stream' || target?.type === 'files';
}

function internalLocation(found: FoundLocation, options: TranslateOptions, locations: Record<string, TargetJson>): ReportLine[] {
  const { location } = found;
  const block = location.block ?? [];
  const pattern = locationPattern(location.args);
  if (pattern.key === undefined || pattern.problem !== undefined) {
    return [line(location, 'not translatable', `${pattern.problem ?? 'no location key'}: give cdn-accel a prefix location the app's X-Accel-Redirect values fall under`)];
  }
  const content = locationContent(pattern, block, found.root, options);
  const lines: ReportLine[] = [];
  const taken = locations[pattern.key] !== undefined;
  if (content.target === undefined || taken) {
    lines.push(line(location, 'not translatable', taken ? `locations["${pattern.key}"] is already taken by an earlier location: give this one its own prefix` : 'left out of the config (the next line says why)'));
  } else {
    locations[pattern.key] = content.target;
    const named = pattern.kind === 'named' && content.directive?.name === 'proxy_pass';
    const differences = [...pattern.differences, ...(named ? ["the client's query is left out of the signed URL, where Nginx passed the original arguments on: the app authorized a path, not parameters"] : [])].join('; ');
    lines.push(line(location, differences === '' ? 'translated' : 'approximated', `locations["${pattern.key}"]${differences === '' ? '' : `; ${differences}`}`));
  }
  if (content.directive !== undefined) lines.push(line(content.directive, content.outcome, content.note));
  else if (content.target === undefined) lines.push(line(location, content.outcome, content.note));
  const stream = isStream(content.target);
  const served = stream && content.target !== undefined && !taken;
  for (const directive of block) {
    if (directive === content.directive || directive.name === 'location' || (served && STREAM_DIRECTIVES.has(directive.name))) continue;
    if (CONTENT.has(directive.name)) lines.push(line(directive, 'translated', `not used: ${content.directive?.name ?? 'another directive'} says where the files are`));
    else lines.push(directiveNote(directive, stream));
  }
  if (served) {
    // The location's own limit_rate, expires and add_header, or its outer levels' where it has none.
    const translated = streamOptions([...found.outer, block]);
    Object.assign(content.target as TargetJson, translated.options);
    lines.push(...translated.lines);
  }
  return lines;
}

/**
 * A location that checks links: its own `secure_link`, or one inherited from the server or `http` level (which
 * every location then has) where the location reads `$secure_link` (its `if ($secure_link = "")`).
 */
function isSecureLinkLocation(entry: FoundLocation): boolean {
  const block = entry.location.block ?? [];
  if (has(block, 'secure_link')) return true;
  if (inheritedDirective('secure_link', entry.outer) === undefined) return false;
  const reads = (directives: Directive[]): boolean => directives.some((directive) => directive.args.some((arg) => /\$\{?secure_link(?![A-Za-z0-9_])/.test(arg)) || reads(directive.name === 'location' ? [] : directive.block ?? []));
  return reads(block);
}

function secureLinkUrl(server: Directive, key: string): string {
  const block = server.block ?? [];
  const listen = block.find((directive) => directive.name === 'listen');
  const tls = listen?.args.includes('ssl') ?? false;
  const port = /(?:^|:)(\d+)$/.exec(listen?.args[0] ?? '')?.[1];
  const name = block.find((directive) => directive.name === 'server_name')?.args.find((candidate) => !candidate.startsWith('~') && !candidate.includes('*') && candidate !== '_') ?? 'localhost';
  const defaultPort = tls ? '443' : '80';
  return `${tls ? 'https' : 'http'}://${name}${port === undefined || port === defaultPort ? '' : `:${port}`}${key}`;
}

interface Translated {
  locations: Record<string, TargetJson>;
  report: ReportLine[];
  /** The first server with a translated location: its listen and its app location are the config's. */
  home?: Directive;
}

/** Every internal, named-file and secure_link location of every server, into `locations`. */
function translateLocations(servers: ReturnType<typeof collect>['servers'], upstreams: ReadonlyMap<string, Directive>, options: TranslateOptions): Translated {
  const result: Translated = { locations: {}, report: [] };
  let secrets = 0;
  for (const { server, root, outer } of servers) {
    const found: FoundLocation[] = [];
    locationsOf(server, server.block ?? [], root, found, outer);
    for (const entry of found) {
      if (has(entry.location.block, 'internal') || isFileNamedLocation(entry.location, upstreams)) {
        result.report.push(...internalLocation(entry, options, result.locations));
      } else if (isSecureLinkLocation(entry)) {
        const pattern = locationPattern(entry.location.args);
        secrets += 1;
        const env = secrets === 1 ? 'SECURE_LINK_SECRET' : `SECURE_LINK_SECRET_${secrets}`;
        const link = secureLinkLocation(entry.location, pattern, secureLinkUrl(server, pattern.key ?? '/'), env, entry.outer);
        if (link.target !== undefined && pattern.key !== undefined && result.locations[pattern.key] === undefined) result.locations[pattern.key] = link.target;
        result.report.push(...link.lines);
      } else continue;
      result.home ??= server;
    }
  }
  return result;
}

/** Translates a loaded configuration's internal (and `secure_link`) locations, its app upstream and its listen. */
export function translateConf(conf: LoadedConf, options: TranslateOptions): Translation {
  const { servers, upstreams } = collect(conf.directives);
  const { locations, report, home } = translateLocations(servers, upstreams, options);
  if (home === undefined) throw confError({ file: conf.main, line: 1 }, 'no internal location (a location with "internal;", or one with secure_link): nothing here for cdn-accel to do');
  const homeLocations: FoundLocation[] = [];
  locationsOf(home, home.block ?? [], undefined, homeLocations, servers.find((entry) => entry.server === home)?.outer);
  const secureLinkKeys = new Set(homeLocations.filter(isSecureLinkLocation).map((entry) => entry.location));
  const publicLocations = homeLocations.map((entry) => entry.location).filter((location) => !has(location.block, 'internal') && !secureLinkKeys.has(location) && !(location.args[0] ?? '').startsWith('@'));
  const upstream = appUpstream(publicLocations, upstreams, options.upstreamFrom);
  const listen = serverListen(home);
  report.push(...upstream.lines, ...listen.lines);
  const config: Record<string, unknown> = { $schema: './node_modules/@cdn-accel/proxy/schema/cdn-accel.schema.json' };
  if (upstream.upstream !== undefined) config.upstream = upstream.upstream;
  if (listen.listen !== undefined) config.listen = listen.listen;
  config.locations = locations;
  // cdn-accel serve can stand behind an internal prefix location; a secure_link location stays Nginx's own.
  const prefixes = Object.entries(locations).filter(([key, target]) => key.startsWith('/') && target.type !== 'secure-link').map(([key]) => key);
  return { config, report: ordered(report, conf.directives), prefixes };
}
