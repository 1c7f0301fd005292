import type { Pair } from '../sigv4/canonical.js';
import { isExpiresSeconds, parseCredentialScope } from '../sigv4/credential-scope.js';
import { encodeSegment } from '../url/encode-object-key.js';
import { decodeComponent as decode } from '../url/request-target.js';
import type { GcsAlgorithm } from './canonical-request.js';

/** The signing parameters of a V4 signed URL, each checked for shape (not yet for meaning). */
export interface SignedQuery {
  algorithm: GcsAlgorithm;
  credentialId: string;
  /** `20190201/auto/storage/goog4_request`. */
  scope: string;
  day: string;
  goog4Date: string;
  expiresIn: number;
  signedHeaders: string[];
  signature: string;
  /** Every parameter except the signature, decoded. */
  signedQuery: Pair[];
  single: ReadonlyMap<string, string>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: 'unsigned' | 'malformed'; message: string };

const REQUIRED = ['X-Goog-Algorithm', 'X-Goog-Credential', 'X-Goog-Date', 'X-Goog-Expires', 'X-Goog-SignedHeaders', 'X-Goog-Signature'] as const;

const malformed = (message: string): Parsed<never> => ({ ok: false, reason: 'malformed', message });

/** The canonical URI of a received path: each segment decoded once and encoded again, `%2F` staying inside its segment. */
export function canonicalPath(path: string): Parsed<{ canonical: string; segments: string[] }> {
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    const segment = decode(raw);
    if (segment === undefined) return malformed('the path is not valid percent-encoded UTF-8');
    segments.push(segment);
  }
  return { ok: true, value: { canonical: segments.map(encodeSegment).join('/'), segments } };
}

/** Parses and checks the `X-Goog-*` parameters without trusting any of them. */
export function parseSignedQuery(query: string): Parsed<SignedQuery> {
  const pairs: Pair[] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = decode(equals === -1 ? part : part.slice(0, equals));
    const value = decode(equals === -1 ? '' : part.slice(equals + 1));
    if (name === undefined || value === undefined) return malformed('the query string is not valid percent-encoded UTF-8');
    pairs.push([name, value]);
  }
  const single = new Map<string, string>();
  for (const [name, value] of pairs) {
    // SECURITY: a repeated authentication parameter could be read one way here and another way upstream.
    if (name.startsWith('X-Goog-') && single.has(name)) return malformed(`${name} appears more than once`);
    single.set(name, value);
  }
  if (!single.has('X-Goog-Signature') && !single.has('X-Goog-Algorithm')) return { ok: false, reason: 'unsigned', message: 'Anonymous caller does not have storage.objects.get access' };
  const missing = REQUIRED.filter((name) => !single.has(name));
  if (missing.length > 0) return malformed(`missing ${missing.join(', ')}`);
  const get = (name: (typeof REQUIRED)[number]) => single.get(name)!;
  const algorithm = get('X-Goog-Algorithm');
  if (algorithm !== 'GOOG4-RSA-SHA256' && algorithm !== 'GOOG4-HMAC-SHA256') return malformed('X-Goog-Algorithm must be GOOG4-RSA-SHA256 or GOOG4-HMAC-SHA256');
  const scope = parseCredentialScope(get('X-Goog-Credential'), 'storage', 'goog4_request');
  if (scope === undefined) return malformed('X-Goog-Credential must be <id>/<yyyymmdd>/<location>/storage/goog4_request');
  const { id: credentialId, day } = scope;
  const expires = get('X-Goog-Expires');
  if (!isExpiresSeconds(expires)) return malformed('X-Goog-Expires must be a number of seconds');
  const signedHeaders = get('X-Goog-SignedHeaders').split(';');
  if (!signedHeaders.includes('host')) return malformed('X-Goog-SignedHeaders must include host');
  return {
    ok: true,
    value: {
      algorithm,
      credentialId,
      scope: get('X-Goog-Credential').slice(credentialId.length + 1),
      day,
      goog4Date: get('X-Goog-Date'),
      expiresIn: Number(expires),
      signedHeaders,
      signature: get('X-Goog-Signature'),
      signedQuery: pairs.filter(([name]) => name !== 'X-Goog-Signature'),
      single,
    },
  };
}
