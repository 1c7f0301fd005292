import type { Pair } from '../sigv4/canonical.js';
import { isExpiresSeconds, parseCredentialScope } from '../sigv4/credential-scope.js';
import { UNSIGNED_PAYLOAD } from '../sigv4/query-signer.js';
import { decodeComponent as decode, splitTarget } from '../url/request-target.js';
import { RESPONSE_OVERRIDES } from './response-headers.js';

/** The parts of a presigned path-style URL that verification needs. */
export interface PresignedQuery {
  bucket: string;
  /** True when the bucket came from the host name (virtual-hosted style). */
  virtualHosted: boolean;
  key: string;
  accessKeyId: string;
  day: string;
  region: string;
  scope: string;
  amzDate: string;
  expiresIn: number;
  signedHeaders: string[];
  signature: string;
  sessionToken?: string;
  payloadHash: string;
  /** Every parameter except the signature, decoded. */
  signedQuery: Pair[];
  responseHeaders: Record<string, string>;
}

type ParseError = { ok: false; code: 'AccessDenied' | 'AuthorizationQueryParametersError' | 'InvalidURI'; message: string };

const REQUIRED = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'] as const;

function parseQuery(query: string): Pair[] | undefined {
  const pairs: Pair[] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = decode(equals === -1 ? part : part.slice(0, equals));
    const value = decode(equals === -1 ? '' : part.slice(equals + 1));
    if (name === undefined || value === undefined) return undefined;
    pairs.push([name, value]);
  }
  return pairs;
}

type Auth = Pick<PresignedQuery, 'accessKeyId' | 'day' | 'region' | 'amzDate' | 'expiresIn' | 'signedHeaders' | 'signature'>;

function queryError(message: string): ParseError {
  return { ok: false, code: 'AuthorizationQueryParametersError', message };
}

/** The X-Amz-* authentication parameters, each checked for shape (not yet for meaning). */
function readAuth(single: Map<string, string>): { ok: true; value: Auth } | ParseError {
  if (REQUIRED.every((name) => !single.has(name))) return { ok: false, code: 'AccessDenied', message: 'Access Denied' };
  const missing = REQUIRED.filter((name) => !single.has(name));
  if (missing.length > 0) return queryError(`Query-string authentication version 4 requires the ${REQUIRED.join(', ')} parameters (missing ${missing.join(', ')})`);
  const get = (name: (typeof REQUIRED)[number]) => single.get(name) as string;
  if (get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return queryError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const scope = parseCredentialScope(get('X-Amz-Credential'), 's3', 'aws4_request');
  if (scope === undefined) return queryError('Error parsing the X-Amz-Credential parameter; expecting <key>/<yyyyMMdd>/<region>/s3/aws4_request');
  const { id: accessKeyId, day, region } = scope;
  const expires = get('X-Amz-Expires');
  if (!isExpiresSeconds(expires)) return queryError('X-Amz-Expires should be a number of seconds');
  const signedHeaders = get('X-Amz-SignedHeaders').split(';');
  if (!signedHeaders.includes('host')) return queryError('X-Amz-SignedHeaders must include host');
  return { ok: true, value: { accessKeyId, day, region, amzDate: get('X-Amz-Date'), expiresIn: Number(expires), signedHeaders, signature: get('X-Amz-Signature') } };
}

function bucketAndKey(path: string, hostBucket: string | undefined): [string | undefined, string | undefined] {
  if (hostBucket !== undefined) return [hostBucket, decode(path.slice(1))];
  const slash = path.indexOf('/', 1);
  return [decode(slash === -1 ? path.slice(1) : path.slice(1, slash)), slash === -1 ? '' : decode(path.slice(slash + 1))];
}

/**
 * Parses `/bucket/key?X-Amz-…` (or an absolute URL) without trusting any of it. With `hostBucket`
 * the request was virtual-hosted: the whole path is the key.
 */
export function parsePresignedQuery(url: string, hostBucket?: string): { ok: true; value: PresignedQuery } | ParseError {
  const { path, query } = splitTarget(url);
  const pairs = parseQuery(query);
  const [bucket, key] = bucketAndKey(path, hostBucket);
  if (pairs === undefined || bucket === undefined || bucket === '' || key === undefined || !path.startsWith('/')) {
    return { ok: false, code: 'InvalidURI', message: "Couldn't parse the specified URI." };
  }
  const single = new Map<string, string>();
  for (const [name, value] of pairs) {
    // SECURITY: a repeated authentication parameter could be read one way here and another way upstream.
    if (name.startsWith('X-Amz-') && single.has(name)) return queryError(`${name} appears more than once`);
    single.set(name, value);
  }
  const auth = readAuth(single);
  if (!auth.ok) return auth;
  const responseHeaders: Record<string, string> = {};
  // Only the documented overrides become headers: a URL must not choose arbitrary response headers.
  for (const [, parameter] of RESPONSE_OVERRIDES) {
    const value = single.get(parameter);
    if (value !== undefined) responseHeaders[parameter.slice('response-'.length)] = value;
  }
  return {
    ok: true,
    value: {
      ...auth.value,
      bucket,
      virtualHosted: hostBucket !== undefined,
      key,
      scope: `${auth.value.day}/${auth.value.region}/s3/aws4_request`,
      sessionToken: single.get('X-Amz-Security-Token'),
      payloadHash: single.get('X-Amz-Content-Sha256') ?? UNSIGNED_PAYLOAD,
      signedQuery: pairs.filter(([name]) => name !== 'X-Amz-Signature'),
      responseHeaders,
    },
  };
}
