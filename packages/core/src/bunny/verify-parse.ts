import { decodeQueryPart } from './parameters.js';
import type { BunnyTokenForm } from './types.js';

/** A signed URL taken apart the way the edge reads it. */
export interface BunnyRequest {
  form: BunnyTokenForm;
  /** The request path as on the wire, without the directory token segment. */
  path: string;
  token: string;
  expires: string;
  /** Every other parameter of the token segment or query, decoded, by name. */
  parameters: Map<string, string>;
  /** Directory form only: the parameters of the query string, decoded (signed unless token_ignore_params). */
  queryParameters: Map<string, string>;
}

const DIRECTORY_PREFIX = '/bcdn_token=';

/** Reads `name=value&…` into `into`; false when a pair is badly encoded or a name repeats. */
function readPairs(text: string, into: Map<string, string>): boolean {
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeQueryPart(equals === -1 ? pair : pair.slice(0, equals));
    const value = decodeQueryPart(equals === -1 ? '' : pair.slice(equals + 1));
    // SECURITY: a repeated parameter is ambiguous (which one did the signer mean?): refuse it.
    if (name === undefined || value === undefined || into.has(name)) return false;
    into.set(name, value);
  }
  return true;
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/** Splits a signed URL (query or directory form); a string explains what is malformed. */
export function parseBunnyUrl(url: string): BunnyRequest | string {
  const clean = withoutFragment(url);
  const scheme = clean.indexOf('://');
  const pathStart = scheme === -1 ? -1 : clean.indexOf('/', scheme + 3);
  if (pathStart === -1) return 'not an absolute URL with a path';
  const questionMark = clean.indexOf('?', pathStart);
  const rawPath = questionMark === -1 ? clean.slice(pathStart) : clean.slice(pathStart, questionMark);
  const query = questionMark === -1 ? '' : clean.slice(questionMark + 1);
  const parameters = new Map<string, string>();
  const queryParameters = new Map<string, string>();
  let form: BunnyTokenForm = 'query';
  let path = rawPath;
  if (rawPath.startsWith(DIRECTORY_PREFIX)) {
    form = 'directory';
    const end = rawPath.indexOf('/', 1);
    if (end === -1) return 'the bcdn_token segment is not followed by a path';
    if (!readPairs(`bcdn_token=${rawPath.slice(DIRECTORY_PREFIX.length, end)}`, parameters)) return 'the bcdn_token segment has a repeated or badly encoded parameter';
    path = rawPath.slice(end);
    if (!readPairs(query, queryParameters)) return 'the query has a repeated or badly encoded parameter';
  } else if (!readPairs(query, parameters)) {
    return 'the query has a repeated or badly encoded parameter';
  }
  const tokenName = form === 'directory' ? 'bcdn_token' : 'token';
  const token = parameters.get(tokenName);
  const expires = parameters.get('expires');
  if (token === undefined || expires === undefined) return `${tokenName} or expires is missing`;
  parameters.delete(tokenName);
  parameters.delete('expires');
  return { form, path, token, expires, parameters, queryParameters };
}
