import type { Directive } from './parse.js';
import { line, type ReportLine } from './report.js';
import { safeUrl } from './shown-text.js';

export interface UpstreamResult {
  upstream?: string;
  lines: ReportLine[];
}

const OTHER_PASSES = ['fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass'];

function serverUrl(scheme: string, server: Directive): string | undefined {
  const address = server.args[0] ?? '';
  if (address.startsWith('unix:')) return undefined;
  return `${scheme}://${/:\d+$/.test(address) ? address : `${address}:${scheme === 'https' ? 443 : 80}`}`;
}

/** The `upstream` block's servers, as cdn-accel's single upstream can hold one of them. */
function fromBlock(pass: Directive, scheme: string, block: Directive): UpstreamResult {
  const servers = (block.block ?? []).filter((directive) => directive.name === 'server');
  const primary = servers.find((server) => !server.args.includes('backup') && !server.args.includes('down'));
  const url = primary === undefined ? undefined : serverUrl(scheme, primary);
  if (primary === undefined || url === undefined) {
    return { lines: [line(pass, 'not translatable', `upstream "${block.args[0]}" has no TCP server cdn-accel can forward to (a unix: socket or none): run the app on host:port and pass --upstream`)] };
  }
  const lines = [line(pass, 'translated', `"upstream": "${url}" (upstream ${block.args[0]})`)];
  for (const server of servers) {
    if (server === primary) lines.push(line(server, servers.length === 1 ? 'translated' : 'approximated', servers.length === 1 ? 'the app\'s address' : 'cdn-accel forwards to one address; the other servers are not used: put a load balancer behind it, or run one cdn-accel per app server'));
    else lines.push(line(server, 'not translatable', 'cdn-accel forwards to one upstream: put a load balancer between cdn-accel and the app servers'));
  }
  return { upstream: url, lines };
}

/** Public locations that send requests elsewhere than the app: cdn-accel has one upstream for everything. */
function otherPasses(locations: Directive[], chosen: Directive): ReportLine[] {
  const target = chosen.args[0];
  return locations.flatMap((location) => (location.block ?? [])
    .filter((directive) => (directive.name === 'proxy_pass' || OTHER_PASSES.includes(directive.name)) && directive !== chosen && directive.args[0] !== target)
    .map((directive) => line(directive, 'not translatable', `cdn-accel sends every request that is not an internal redirect to the one upstream (${safeUrl(target ?? '')}); route location ${location.args.join(' ')} to ${safeUrl(directive.args[0] ?? '')} in a server in front of cdn-accel, or serve it from the app`)));
}

/**
 * The app's address, from the `proxy_pass` of the public location that sends requests to it (`location /`
 * unless `from` names another): an `upstream` block's first server, or the URL itself.
 */
export function appUpstream(locations: Directive[], upstreams: ReadonlyMap<string, Directive>, from: string | undefined): UpstreamResult {
  const named = from === undefined ? locations.find((location) => location.args.join(' ') === '/') : locations.find((location) => location.args.join(' ') === from);
  const candidates = named === undefined ? (from === undefined ? locations : []) : [named];
  const location = candidates.find((candidate) => (candidate.block ?? []).some((directive) => directive.name === 'proxy_pass' || OTHER_PASSES.includes(directive.name)));
  const pass = location?.block?.find((directive) => directive.name === 'proxy_pass' || OTHER_PASSES.includes(directive.name));
  if (pass === undefined) return { lines: [] };
  if (pass.name !== 'proxy_pass') return { lines: [line(pass, 'not translatable', `cdn-accel forwards HTTP, not ${pass.name.replace('_pass', '').toUpperCase()}: serve the app over HTTP (e.g. gunicorn, uwsgi --http, php -S behind it) and pass --upstream`)] };
  const match = /^(https?):\/\/([^/]+)(\/.*)?$/.exec(pass.args[0] ?? '');
  if (match === null || (pass.args[0] ?? '').includes('$')) return { lines: [line(pass, 'not translatable', 'the app\'s address depends on variables: pass --upstream with its URL')] };
  const [, scheme = 'http', host = '', path] = match;
  // SECURITY: user:password@ would put a credential into the config file; Nginx itself refuses the form
  // ("invalid port"), so no working config had it.
  if (host.includes('@')) return { lines: [line(pass, 'not translatable', 'Nginx takes no user:password@ in proxy_pass, and cdn-accel keeps no credential in its config: pass --upstream with the app\'s address, and let the app check its own credentials')] };
  const block = upstreams.get(host);
  const result = block === undefined ? { upstream: `${scheme}://${host}`, lines: [line(pass, 'translated', `"upstream": "${scheme}://${host}"`)] } : fromBlock(pass, scheme, block);
  if (path !== undefined && path !== '/' && result.upstream !== undefined) {
    result.lines[0] = line(pass, 'approximated', `"upstream": "${result.upstream}"; cdn-accel forwards the request's own path, so the URI part ${path} is not put in front of it`);
  }
  return { ...result, lines: [...result.lines, ...otherPasses(locations, pass)] };
}
