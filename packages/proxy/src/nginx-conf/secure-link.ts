import type { LocationPattern } from './location-pattern.js';
import type { Directive } from './parse.js';
import { directiveText, line, type ReportLine } from './report.js';
import type { TargetJson } from './url-target.js';

const VARIABLE = /\$(?:\{[A-Za-z0-9_]+\}|[A-Za-z0-9_]+)/g;
const KNOWN = new Set(['uri', 'secure_link_expires', 'remote_addr']);
const DEFAULT_SECURE_LINK = '$arg_md5,$arg_expires';

export interface SecureLinkResult {
  target?: TargetJson;
  lines: ReportLine[];
}

/**
 * The expression with its secret as `$secret`: the longest run of text without spaces between the variables,
 * which is where Nginx's documentation and every deployment put it. The secret itself is returned only for the
 * caller to leave out of everything it prints.
 */
export function splitSecret(expression: string): { expression: string; secret: string } | undefined {
  let best: { start: number; text: string } | undefined;
  let last = 0;
  const consider = (start: number, text: string): void => {
    for (const match of text.matchAll(/\S+/g)) {
      if (best === undefined || match[0].length > best.text.length) best = { start: start + (match.index ?? 0), text: match[0] };
    }
  };
  for (const match of expression.matchAll(VARIABLE)) {
    consider(last, expression.slice(last, match.index));
    last = (match.index ?? 0) + match[0].length;
  }
  consider(last, expression.slice(last));
  if (best === undefined) return undefined;
  return { expression: `${expression.slice(0, best.start)}$secret${expression.slice(best.start + best.text.length)}`, secret: best.text };
}

function unknownVariables(expression: string): string[] {
  return [...expression.matchAll(VARIABLE)].map((match) => match[0]).filter((name) => !KNOWN.has(name.replace(/^\$\{?|\}$/g, '')));
}

/**
 * A location with `secure_link` stays in Nginx, which keeps checking the links; cdn-accel makes them. Its location
 * key is the Nginx prefix, so the app sends `X-Accel-Redirect: <prefix><file>` and cdn-accel answers with a link
 * to `url` + `<file>`.
 */
export function secureLinkLocation(location: Directive, pattern: LocationPattern, url: string, secretEnv: string): SecureLinkResult {
  const block = location.block ?? [];
  const md5 = block.find((directive) => directive.name === 'secure_link_md5');
  const link = block.find((directive) => directive.name === 'secure_link');
  const lines: ReportLine[] = [];
  const rest = (note: string): ReportLine[] => block.filter((directive) => directive !== md5 && directive !== link).map((directive) => line(directive, 'translated', note));
  if (pattern.kind !== 'prefix' || pattern.key === undefined || md5 === undefined || link === undefined) {
    const why = md5 === undefined ? 'it has secure_link without secure_link_md5 (the secure_link_secret form has no cdn-accel target)' : 'only a prefix location can be a cdn-accel location';
    return { lines: [line(location, 'not translatable', `${why}; keep making these links in the app`)] };
  }
  const split = splitSecret(md5.args[0] ?? '');
  const unknown = unknownVariables(md5.args[0] ?? '');
  // SECURITY: the directive's text holds the secret; the report shows the expression with $secret in its place.
  const md5Text = split === undefined ? 'secure_link_md5 …' : directiveText({ ...md5, args: [split.expression] });
  if (split === undefined || unknown.length > 0) {
    const why = split === undefined ? 'the expression holds no secret text' : `the expression uses ${unknown.join(', ')}; secureLink() knows $uri, $secure_link_expires and $remote_addr`;
    return { lines: [{ ...line(md5, 'not translatable', `${why}; keep making these links in the app`), directive: md5Text }] };
  }
  const target: TargetJson = { type: 'secure-link', url, secureLinkMd5: split.expression, secret: { env: secretEnv } };
  if ((link.args[0] ?? '') !== DEFAULT_SECURE_LINK) target.secureLink = link.args[0];
  lines.push(line(location, 'approximated', `secure-link ${url}: this location stays in Nginx, which keeps checking the links; the app sends X-Accel-Redirect: ${pattern.key}<file> and cdn-accel answers with a link to it instead of the app making one`));
  lines.push(line(link, 'translated', target.secureLink === undefined ? 'the default secureLink' : `secureLink "${String(target.secureLink)}"`));
  lines.push({ ...line(md5, 'translated', `secureLinkMd5 "${split.expression}"; the secret written here is not copied into the config: set ${secretEnv} to it`), directive: md5Text });
  lines.push(...rest('stays in Nginx, in the location that serves the links'));
  return { target, lines };
}
